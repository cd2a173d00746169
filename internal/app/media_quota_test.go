package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// quotaMails returns the quota warnings the owner received, by mark.
func quotaMails(t *testing.T, s *stack, to string) map[string]int {
	t.Helper()
	all, err := devstack.ReadMail(s.Sink.Dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, m := range all {
		if len(m.To) == 0 || !strings.EqualFold(m.To[0], to) {
			continue
		}
		for _, mark := range []string{"70%", "90%"} {
			if strings.Contains(m.Subject, mark) {
				out[mark]++
			}
		}
	}
	return out
}

// TestMediaQuota: the operator sets a site's quota; uploads that do not fit are refused
// with 413 and the bytes left, leaving nothing stored and the usage as it was; the owner is
// told once at 70% and once at 90%, again only after usage fell back; concurrent uploads
// never overshoot; admission documents count too.
func TestMediaQuota(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "quota-a")
	owner := session(t, s, a.users["owner"].ID)
	base := fmt.Sprintf("/api/v1/sites/%d", a.site)

	// Only operators set the limit.
	if r := s.do("PUT", base+"/quota", `{"limit_bytes":1000000}`, "Cookie", owner); r.Status != 403 {
		t.Errorf("owner sets quota: %d %s", r.Status, r.Body)
	}
	if r := s.operator("PUT", base+"/quota", `{"limit_bytes":0}`); r.Status != 400 {
		t.Errorf("zero limit: %d", r.Status)
	}
	if r := s.operator("PUT", "/api/v1/sites/999999999/quota", `{"limit_bytes":5}`); r.Status != 404 {
		t.Errorf("unknown site: %d", r.Status)
	}
	used, limit, _ := quotaOf(t, s, a.site, owner)
	if used != 0 || limit != sitecore.DefaultQuotaBytes {
		t.Errorf("fresh site: used %d limit %d, want 0 and 1 GiB", used, limit)
	}
	mustStatus(t, s.operator("PUT", base+"/quota", `{"limit_bytes":1000000}`), 200, "set quota")

	upload := func(n int) response { return uploadRaw(s, base+"/media", "doc.pdf", pdfOf(n), "Cookie", owner) }
	mustStatus(t, upload(600_000), 201, "60%")
	if got := quotaMails(t, s, a.users["owner"].Email); len(got) != 0 {
		t.Errorf("mail below 70%%: %v", got)
	}
	mustStatus(t, upload(150_000), 201, "75%")
	mustStatus(t, upload(100_000), 201, "85%")
	mustStatus(t, upload(100_000), 201, "95%")
	used, _, left := quotaOf(t, s, a.site, owner)
	if used != 950_000 || left != 50_000 {
		t.Fatalf("used %d left %d, want 950000 and 50000", used, left)
	}

	// Over the limit: refused with the bytes left, both with a declared length and without.
	mediaBefore, filesBefore := countRows(t, s, "SELECT count(*) FROM media"), gridFSFiles(t, s, "media")
	for name, r := range map[string]response{
		"raw":       uploadRaw(s, base+"/media", "big.pdf", pdfOf(60_000), "Cookie", owner, "Accept-Language", "ru"),
		"multipart": uploadForm(s, "POST", base+"/media", "big.pdf", pdfOf(60_000), "Cookie", owner, "Accept-Language", "ru"),
	} {
		if r.Status != 413 {
			t.Errorf("%s over quota: %d %s", name, r.Status, r.Body)
			continue
		}
		code, f, msg := r.Error(t)
		if code != "too_large" || f != "file" || !strings.Contains(msg, "50000") || !strings.Contains(msg, "Осталось") {
			t.Errorf("%s over quota: %s field %q %q", name, code, f, msg)
		}
	}
	if u, _, _ := quotaOf(t, s, a.site, owner); u != 950_000 {
		t.Errorf("refused uploads changed the usage to %d", u)
	}
	if n, f := countRows(t, s, "SELECT count(*) FROM media"), gridFSFiles(t, s, "media"); n != mediaBefore || f != filesBefore {
		t.Errorf("refused uploads left %d records and %d files, want %d and %d", n, f, mediaBefore, filesBefore)
	}
	// What fits exactly is taken.
	mustStatus(t, upload(50_000), 201, "the last bytes")
	if _, _, l := quotaOf(t, s, a.site, owner); l != 0 {
		t.Errorf("left %d after filling the quota", l)
	}

	// One warning per mark, in the owner's language.
	ownerEmail := a.users["owner"].Email
	testenv.Eventually(t, 30*time.Second, "quota warnings", func() bool {
		m := quotaMails(t, s, ownerEmail)
		return m["70%"] >= 1 && m["90%"] >= 1
	})
	time.Sleep(500 * time.Millisecond)
	if m := quotaMails(t, s, ownerEmail); m["70%"] != 1 || m["90%"] != 1 {
		t.Errorf("warnings %v, want one per mark", m)
	}
	ownerUser, err := s.App.DB.FindUserByID(context.Background(), a.users["owner"].ID)
	if err != nil {
		t.Fatal(err)
	}
	wantWord := map[sitecore.Lang]string{sitecore.Kazakh: "дискідегі", sitecore.Russian: "Место на диске", sitecore.English: "storage"}[ownerUser.Lang]
	if wantWord == "" {
		wantWord = "storage"
	}
	for _, m := range mailTo(t, s, ownerEmail) {
		if strings.Contains(m.Subject, "%") && !strings.Contains(m.Subject, wantWord) {
			t.Errorf("warning %q is not in the owner's language %s", m.Subject, ownerUser.Lang)
		}
	}

	// Deleting gives the bytes back and re-arms the marks: crossing 70% again warns again.
	list := s.do("GET", base+"/media?kind=document&limit=200", nil, "Cookie", owner)
	var first string
	for _, it := range list.JSON(t)["items"].([]any) {
		if m := it.(map[string]any); m["size"].(float64) == 600_000 {
			first = m["id"].(string)
		}
	}
	mustStatus(t, s.do("DELETE", base+"/media/"+first, nil, "Cookie", owner), 204, "delete")
	if u, _, _ := quotaOf(t, s, a.site, owner); u != 400_000 {
		t.Errorf("after delete: used %d, want 400000", u)
	}
	mustStatus(t, upload(350_000), 201, "back to 75%")
	testenv.Eventually(t, 30*time.Second, "a second 70% warning", func() bool { return quotaMails(t, s, ownerEmail)["70%"] == 2 })
	if m := quotaMails(t, s, ownerEmail); m["90%"] != 1 {
		t.Errorf("90%% warnings %d, want still 1", m["90%"])
	}

	// Concurrent uploads: exactly as many as fit get in, and the usage matches what is stored.
	used, _, _ = quotaOf(t, s, a.site, owner)
	mustStatus(t, s.operator("PUT", base+"/quota", fmt.Sprintf(`{"limit_bytes":%d}`, used+1_000_000)), 200, "raise quota")
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for i := range 12 {
		wg.Go(func() {
			var r response
			if i%2 == 0 {
				r = uploadRaw(s, base+"/media", "c.pdf", pdfOf(150_000), "Cookie", owner)
			} else {
				r = uploadForm(s, "POST", base+"/media", "c.pdf", pdfOf(150_000), "Cookie", owner)
			}
			mu.Lock()
			statuses[r.Status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if statuses[201] != 6 || statuses[413] != 6 {
		t.Errorf("concurrent uploads: %v, want 6 stored and 6 refused", statuses)
	}
	u, l, _ := quotaOf(t, s, a.site, owner)
	stored := int64(countRows(t, s, "SELECT coalesce(sum(size + thumb_size), 0)::int FROM media WHERE site_id = $1", a.site))
	if u > l || u != stored || u != used+6*150_000 {
		t.Errorf("after the burst: used %d limit %d, media hold %d, want %d", u, l, stored, used+6*150_000)
	}

	// Admission documents count in the same quota.
	ctx := context.Background()
	now := time.Now().UTC()
	c := &sitecore.Campaign{SiteID: a.site, Title: map[sitecore.Lang]string{"kk": "x", "ru": "x", "en": "x"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 10}}, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour),
		ResultsAt: now.Add(2 * time.Hour), InstructionLangs: []sitecore.Lang{"kk"}, OfferDays: 3,
		RequiredDocuments: []string{"birth_certificate", "photo"}}
	if err := s.App.DB.CreateCampaign(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	_, parent := verifiedParent(t, s, "quota-parent@example.kz", sitecore.Russian)
	r := s.do("POST", "/api/v1/admissions/applications", map[string]any{"site_id": a.site, "campaign_id": c.ID,
		"child_name": "Нұрай", "child_iin": childIIN(0), "birth_date": childBirth(childIIN(0)), "grade": 1, "address": "Тараз",
		"instruction_lang": "kk", "phone": "+77011234567", "consent": true}, "Cookie", parent)
	mustStatus(t, r, 201, "application")
	app := int64(field(t, r, "application", "id").(float64))
	used, _, _ = quotaOf(t, s, a.site, owner)
	mustStatus(t, s.operator("PUT", base+"/quota", fmt.Sprintf(`{"limit_bytes":%d}`, used+5000)), 200, "tight quota")
	doc := func(kind string, n int) response {
		return s.do("PUT", fmt.Sprintf("/api/v1/admissions/applications/%d/documents/%s", app, kind), pdfOf(n),
			"Cookie", parent, "Content-Type", "application/pdf", "Accept-Language", "ru")
	}
	mustStatus(t, doc("birth_certificate", 3000), 201, "document within the quota")
	if u, _, _ := quotaOf(t, s, a.site, owner); u != used+3000 {
		t.Errorf("document not counted: used %d, want %d", u, used+3000)
	}
	over := doc("photo", 3000)
	if over.Status != 413 {
		t.Fatalf("document over the quota: %d %s", over.Status, over.Body)
	}
	if _, f, msg := over.Error(t); f != "file" || !strings.Contains(msg, "2000") {
		t.Errorf("document over the quota: field %q %q", f, msg)
	}
	docs := countRows(t, s, "SELECT count(*) FROM application_documents WHERE application_id = $1", app)
	if docs != 1 || gridFSFiles(t, s, "admission_documents") != 1 {
		t.Errorf("%d document rows, %d files after the refusal, want 1 and 1", docs, gridFSFiles(t, s, "admission_documents"))
	}
	// A re-upload replaces the unreviewed document and gives its bytes back.
	// (The new file's bytes are reserved before the old one's are given back.)
	mustStatus(t, doc("birth_certificate", 1500), 201, "replacement")
	if u, _, _ := quotaOf(t, s, a.site, owner); u != used+1500 {
		t.Errorf("after the replacement: used %d, want %d", u, used+1500)
	}
	if n := countRows(t, s, "SELECT count(*) FROM application_documents WHERE application_id = $1", app); n != 1 {
		t.Errorf("%d document rows after the replacement, want 1", n)
	}
	// Quota warnings name the school's admins: they stay out of Temporal.
	if seen := assertHistoriesPrivate(t, s); seen["SendEmail"] == 0 {
		t.Errorf("no SendEmail workflow scanned (saw %v)", seen)
	}
}
