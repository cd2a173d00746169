package app_test

import (
	"fmt"
	"net/url"
	"testing"
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
