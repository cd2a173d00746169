package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestForumMediaGroupPromotion: a post of the school's media group becomes a draft news
// item of the school when its admin promotes it (once); a member without rights to the
// school's news cannot, and a post of an ordinary community is refused.
func TestForumMediaGroupPromotion(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-fmg")
	owner := session(t, s, a.users["owner"].ID)
	r := s.do("POST", "/api/v1/communities", map[string]any{"site_id": a.site, "name": "Медиатоп", "visibility": "public",
		"join_policy": "approval", "kind": "media"}, "Cookie", owner)
	if r.Status != 201 {
		t.Fatalf("media group: %d %s", r.Status, r.Body)
	}
	cid := jsonID(t, r, "community")
	c := fmt.Sprintf("/api/v1/communities/%d", cid)
	fid := jsonID(t, s.do("POST", c+"/forums", map[string]any{"name": "Репортажи"}, "Cookie", owner), "forum")
	r = s.do("POST", fmt.Sprintf("%s/forums/%d/topics", c, fid), map[string]any{"title": "Наурыз в школе",
		"body": "Ученики 7Б провели праздник Наурыз."}, "Cookie", owner, "Accept-Language", "ru")
	pid := jsonID(t, r, "post")
	teacher := session(t, s, a.users["teacher"].ID)
	if r := s.do("POST", fmt.Sprintf("%s/posts/%d/promotion", c, pid), nil, "Cookie", teacher); r.Status != 403 {
		t.Errorf("a teacher without news rights promotes: %d %s", r.Status, r.Body)
	}
	r = s.do("POST", fmt.Sprintf("%s/posts/%d/promotion", c, pid), nil, "Cookie", owner)
	if r.Status != 201 {
		t.Fatalf("promote: %d %s", r.Status, r.Body)
	}
	key := obj(t, r.JSON(t), "news")["key"].(string)
	n, err := s.App.Content.FindNewsByKey(ctx, a.site, key)
	if err != nil || n.Published || !strings.Contains(n.Text["ru"].Body, "Наурыз") || n.Text["ru"].Title != "Наурыз в школе" ||
		n.Text["ru"].Summary != "Ученики 7Б провели праздник Наурыз." {
		t.Fatalf("the draft news item: %+v %v", n, err)
	}
	if r := s.do("POST", fmt.Sprintf("%s/posts/%d/promotion", c, pid), nil, "Cookie", owner); r.Status != 400 {
		t.Errorf("promoted twice: %d %s", r.Status, r.Body)
	}
	g := newCommunity(t, s, owner, a.site, "Кружок", "public", "open", "Обычный пост.")
	if r := s.do("POST", fmt.Sprintf("/api/v1/communities/%d/posts/%d/promotion", g.community, g.post), nil, "Cookie", owner); r.Status != 400 {
		t.Errorf("a group's post promoted: %d %s", r.Status, r.Body)
	}
}
