// Package stats counts the public sites' page views: Recorder keeps the counts in memory,
// writes them in batches through sitecore.StatsStore and answers the statistics section's
// reports. IsBot tells automated requests apart, so they are not counted.
package stats
