// Package syndication is the domain of news syndication: the destinations a school's news
// can flow to (the national open-education portal, regional and district portals, pull
// partners pinged over WebSub), a school's outbound rules, the deliveries with their
// idempotent keys and dead letters, the feeds a site subscribes to, and the aggregated news
// of a portal site.
//
// It imports no infrastructure. Partners are reached through the Partner interface
// (adapters in portal/ and websub/), feeds are fetched and parsed in feed/, and the store is
// implemented in sitecore/postgres. The durable process (retries for days, ordering per
// item, polling schedules) is workflows/syndication.go.
//
// The ordering rule of outbound delivery is simple because a delivery never carries an
// event: it carries the item's current public state. Decide compares what the destination
// holds (Remote) with what the school shows now and returns the one operation that brings
// them together, so an update can never overtake the create (without a remote copy an
// update is a create), and an unpublish wins (an unpublished item is never sent again).
package syndication
