package app_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

// forumFixture is a community with a forum and a topic, made through the API.
type forumFixture struct {
	community, forum, topic, post int64
}

// id reads an object's id from a JSON response.
func jsonID(t *testing.T, r response, key string) int64 {
	t.Helper()
	return int64(obj(t, r.JSON(t), key)["id"].(float64))
}

// newCommunity creates a community of the site (0: platform-wide, as an operator) with one
// forum and a topic whose first post is body, written by the maker (a moderator, so it
// shows at once).
func newCommunity(t *testing.T, s *stack, cookie string, siteID int64, name, visibility, join, body string) forumFixture {
	t.Helper()
	in := map[string]any{"name": name, "description": "Описание", "visibility": visibility, "join_policy": join}
	var r response
	if siteID == 0 {
		r = s.operator("POST", "/api/v1/communities", in)
	} else {
		in["site_id"] = siteID
		r = s.do("POST", "/api/v1/communities", in, "Cookie", cookie)
	}
	if r.Status != 201 {
		t.Fatalf("community: %d %s", r.Status, r.Body)
	}
	var f forumFixture
	f.community = jsonID(t, r, "community")
	r = s.do("POST", fmt.Sprintf("/api/v1/communities/%d/forums", f.community), map[string]any{"name": "Общий"}, "Cookie", cookie)
	if r.Status != 201 {
		t.Fatalf("forum: %d %s", r.Status, r.Body)
	}
	f.forum = jsonID(t, r, "forum")
	r = s.do("POST", fmt.Sprintf("/api/v1/communities/%d/forums/%d/topics", f.community, f.forum),
		map[string]any{"title": "Собрание", "body": body}, "Cookie", cookie)
	if r.Status != 201 {
		t.Fatalf("topic: %d %s", r.Status, r.Body)
	}
	f.topic, f.post = jsonID(t, r, "topic"), jsonID(t, r, "post")
	return f
}

// formPost posts an HTML form of a page on host as a same-origin browser would.
func formPost(s *stack, host, path, cookie string, form url.Values) response {
	h := []string{"Host", host, "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin"}
	if cookie != "" {
		h = append(h, "Cookie", cookie)
	}
	return s.do("POST", path, form.Encode(), h...)
}

// forumSnapshotQueries are the forum rows of a site that other tenants must not change
// (TestCrossTenantMatrix).
var forumSnapshotQueries = []string{
	`SELECT id, name, visibility, join_policy FROM communities WHERE site_id = $1 ORDER BY id`,
	`SELECT m.community_id, m.user_id, m.role, m.status FROM community_members m JOIN communities c ON c.id = m.community_id
	   WHERE c.site_id = $1 ORDER BY 1, 2`,
	`SELECT f.id, f.name FROM forums f JOIN communities c ON c.id = f.community_id WHERE c.site_id = $1 ORDER BY f.id`,
	`SELECT t.id, t.forum_id, t.title, t.pinned, t.locked, t.last_seq FROM forum_topics t JOIN communities c ON c.id = t.community_id
	   WHERE c.site_id = $1 ORDER BY t.id`,
	`SELECT p.id, p.status, p.body, p.promoted_key FROM forum_posts p JOIN communities c ON c.id = p.community_id WHERE c.site_id = $1 ORDER BY p.id`,
	`SELECT count(*) FROM forum_reports r JOIN communities c ON c.id = r.community_id WHERE c.site_id = $1`,
	`SELECT count(*) FROM forum_reactions x JOIN forum_posts p ON p.id = x.post_id JOIN communities c ON c.id = p.community_id WHERE c.site_id = $1`,
	`SELECT count(*) FROM forum_subscriptions x JOIN communities c ON c.id = x.community_id WHERE c.site_id = $1`,
}

// forumSampleBodies are valid-looking bodies of the forum routes for the matrix.
func forumSampleBodies(a *tenant) map[string]string {
	return map[string]string{
		"POST /api/v1/communities":                                            fmt.Sprintf(`{"site_id":%d,"name":"intruder","visibility":"public","join_policy":"open"}`, a.site),
		"POST /api/v1/communities/{communityID}/forums":                       `{"name":"intruder"}`,
		"POST /api/v1/communities/{communityID}/forums/{forumID}/topics":      `{"title":"intruder","body":"intruder"}`,
		"POST /api/v1/communities/{communityID}/topics/{topicID}/posts":       `{"body":"intruder"}`,
		"PATCH /api/v1/communities/{communityID}/topics/{topicID}":            `{"locked":true,"pinned":true}`,
		"PUT /api/v1/communities/{communityID}/members/{userID}":              `{"role":"moderator"}`,
		"POST /api/v1/communities/{communityID}/posts/{postID}/moderation":    `{"action":"hide"}`,
		"POST /api/v1/communities/{communityID}/requests/{userID}":            `{"decision":"approve"}`,
		"POST /api/v1/communities/{communityID}/images":                       "GIF89a intruder",
		"POST /api/v1/communities/{communityID}/posts/{postID}/reports":       `{"reason":"intruder"}`,
		"POST /api/v1/communities/{communityID}/posts/{postID}/reactions":     `{"kind":"like","on":true}`,
		"PUT /api/v1/communities/{communityID}/topics/{topicID}/subscription": `{"on":true}`,
		"PUT /api/v1/communities/{communityID}/forums/{forumID}/subscription": `{"on":true}`,
	}
}

// forumFixtureOfA stores a private media group of A (its owner the moderator) with a
// forum, a topic and a post whose text is the marker SECRET-A-FORUM.
func forumFixtureOfA(t *testing.T, s *stack, a *tenant) (community, forumID, topic, post int64) {
	t.Helper()
	ctx := context.Background()
	c := &sitecore.Community{SiteID: a.site, Name: "Parents 5A", Visibility: sitecore.CommunityPrivate, JoinPolicy: sitecore.JoinApproval,
		Kind: sitecore.CommunityMedia}
	if err := s.App.DB.CreateCommunity(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.UpsertCommunityMember(ctx, &sitecore.CommunityMember{CommunityID: c.ID, UserID: a.users["owner"].ID,
		Role: sitecore.ModeratorRole, Status: sitecore.MemberActive}); err != nil {
		t.Fatal(err)
	}
	f := &sitecore.Forum{CommunityID: c.ID, Name: "General"}
	if err := s.App.DB.CreateForum(ctx, f); err != nil {
		t.Fatal(err)
	}
	tp := &sitecore.Topic{CommunityID: c.ID, ForumID: f.ID, Title: "Meeting", AuthorID: a.users["owner"].ID}
	p := &sitecore.Post{AuthorID: a.users["owner"].ID, AuthorName: "Owner", Body: "<p>SECRET-A-FORUM</p>", Lang: "ru", Status: sitecore.PostVisible}
	if err := s.App.DB.CreateTopic(ctx, tp, p); err != nil {
		t.Fatal(err)
	}
	return c.ID, f.ID, tp.ID, p.ID
}
