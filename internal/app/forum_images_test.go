package app_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestForumImagesInQuota: a member of a school's community uploads an image for a post;
// it goes into the school's media library and counts against its quota (an image that
// does not fit is 413 naming the field); the post shows it, while <img> pointing anywhere
// else (another host, javascript:) is stripped; platform-wide communities take no images.
func TestForumImagesInQuota(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-fi")
	owner := session(t, s, a.users["owner"].ID)
	f := newCommunity(t, s, owner, a.site, "Фотоклуб", "public", "open", "Делимся снимками.")
	c := fmt.Sprintf("/api/v1/communities/%d", f.community)
	teacher := session(t, s, a.users["teacher"].ID)
	if r := s.do("POST", c+"/membership", nil, "Cookie", teacher); r.Status != 200 {
		t.Fatalf("join: %d %s", r.Status, r.Body)
	}

	usedBefore, _, _ := quotaOf(t, s, a.site, owner)
	up := uploadRaw(s, c+"/images", "photo.png", smallPNG(t), "Cookie", teacher)
	if up.Status != 201 {
		t.Fatalf("upload: %d %s", up.Status, up.Body)
	}
	m := obj(t, up.JSON(t), "media")
	src := m["url"].(string)
	if usedAfter, _, _ := quotaOf(t, s, a.site, owner); usedAfter <= usedBefore {
		t.Fatalf("the image did not count against the quota: %d → %d", usedBefore, usedAfter)
	}
	// A visitor (not a member) may not upload.
	if r := uploadRaw(s, c+"/images", "x.png", smallPNG(t), "Cookie", session(t, s, a.users["student"].ID)); r.Status != 403 {
		t.Fatalf("non-member upload: %d %s", r.Status, r.Body)
	}

	body := fmt.Sprintf(`<p>Наш двор</p><img src="%s" alt="Двор"><img src="https://evil.example/track.png" alt="e"><img src="javascript:alert(1)"><img src="%s" onerror="alert(2)">`, src, src)
	r := s.do("POST", fmt.Sprintf("%s/topics/%d/posts", c, f.topic), map[string]any{"body": body}, "Cookie", owner)
	if r.Status != 201 {
		t.Fatalf("post: %d %s", r.Status, r.Body)
	}
	page := s.do("GET", fmt.Sprintf("/ru/communities/%d/topics/%d", f.community, f.topic), nil, "Host", a.host)
	html := string(page.Body)
	if page.Status != 200 || !strings.Contains(html, fmt.Sprintf(`<img src="%s" alt="Двор">`, src)) {
		t.Fatalf("the image does not render: %d", page.Status)
	}
	for _, bad := range []string{"evil.example", "javascript:", "onerror", "alert("} {
		if strings.Contains(html, bad) {
			t.Errorf("the page kept %q", bad)
		}
	}
	if img := s.do("GET", src, nil, "Host", a.host); img.Status != 200 || !strings.HasPrefix(img.Header.Get("Content-Type"), "image/png") {
		t.Errorf("the image is not served: %d %s", img.Status, img.Header.Get("Content-Type"))
	}
	// An image of the library that does not exist is refused, naming the body.
	r = s.do("POST", fmt.Sprintf("%s/topics/%d/posts", c, f.topic),
		map[string]any{"body": `<p>x</p><img src="/media/0123456789abcdef0123456789abcdef/x.png">`}, "Cookie", owner)
	if code, field, _ := r.Error(t); r.Status != 400 || code == "" || field != "body" {
		t.Errorf("unknown library image: %d %s", r.Status, r.Body)
	}

	// The topic page's image form (no JavaScript): the upload puts the image's code in the
	// message.
	topicPage := fmt.Sprintf("/ru/communities/%d/topics/%d", f.community, f.topic)
	pageHeaders := []string{"Host", a.host, "Sec-Fetch-Site", "same-origin", "Cookie", teacher}
	pu := uploadForm(s, "POST", topicPage, "class.png", smallPNG(t), pageHeaders...)
	if loc := pu.Header.Get("Location"); pu.Status != 303 || !strings.Contains(loc, "image=") {
		t.Fatalf("page upload: %d %s", pu.Status, loc)
	}
	back := s.do("GET", strings.SplitN(pu.Header.Get("Location"), "#", 2)[0], nil, "Host", a.host, "Cookie", teacher)
	if !strings.Contains(string(back.Body), "&lt;img src=&#34;/media/") || !strings.Contains(string(back.Body), `id="image-form"`) {
		t.Fatalf("the message does not start with the image: %d", back.Status)
	}

	// Beyond the quota: 413 naming the field, nothing counted.
	used, _, _ := quotaOf(t, s, a.site, owner)
	mustStatus(t, s.operator("PUT", fmt.Sprintf("/api/v1/sites/%d/quota", a.site), fmt.Sprintf(`{"limit_bytes":%d}`, used+2000)), 200, "set quota")
	if pb := uploadForm(s, "POST", topicPage, "big.png", noisePNG(t, 200, 200), pageHeaders...); pb.Status != 413 || !strings.Contains(string(pb.Body), `id="file-error"`) {
		t.Errorf("page upload over quota: %d", pb.Status)
	}
	big := uploadRaw(s, c+"/images", "big.png", noisePNG(t, 200, 200), "Cookie", teacher, "Accept-Language", "ru")
	if big.Status != 413 {
		t.Fatalf("over quota: %d %s", big.Status, big.Body)
	}
	if code, field, _ := big.Error(t); code != "too_large" || field != "file" {
		t.Errorf("over quota: %s %s", code, field)
	}
	if u, _, _ := quotaOf(t, s, a.site, owner); u != used {
		t.Errorf("a refused image changed the usage: %d → %d", used, u)
	}

	// Platform-wide communities take no images: the upload is refused, <img> stripped.
	r = s.operator("POST", "/api/v1/communities", map[string]any{"name": "Физики Казахстана", "visibility": "public", "join_policy": "open"})
	if r.Status != 201 {
		t.Fatalf("platform community: %d %s", r.Status, r.Body)
	}
	pc := fmt.Sprintf("/api/v1/communities/%d", jsonID(t, r, "community"))
	r = s.operator("POST", pc+"/forums", map[string]any{"name": "Общий"})
	if r.Status != 201 {
		t.Fatalf("platform forum: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", pc+"/membership", nil, "Cookie", teacher); r.Status != 200 {
		t.Fatalf("join platform: %d", r.Status)
	}
	if r := uploadRaw(s, pc+"/images", "x.png", smallPNG(t), "Cookie", teacher); r.Status != 400 {
		t.Errorf("platform upload: %d %s", r.Status, r.Body)
	} else if _, field, _ := r.Error(t); field != "file" {
		t.Errorf("platform upload field %q", field)
	}
	r = s.do("POST", fmt.Sprintf("%s/forums/%d/topics", pc, jsonID(t, r, "forum")),
		map[string]any{"title": "Фото", "body": fmt.Sprintf(`<p>x</p><img src="%s">`, src)}, "Cookie", teacher)
	if r.Status != 201 || strings.Contains(string(r.Body), "<img") {
		t.Errorf("platform post kept the image: %d %s", r.Status, r.Body)
	}
}
