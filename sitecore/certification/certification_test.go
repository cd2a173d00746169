package certification

import (
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

func TestExamPolicy(t *testing.T) {
	p := ExamPolicy{PassingScore: 80, Attempts: 2, WaitMinutes: 60}
	t0 := time.Date(2026, 9, 1, 10, 0, 0, 0, sitecore.Almaty)
	tests := []struct {
		name    string
		used    int
		now     time.Time
		wantKey string
	}{
		{"first attempt", 0, t0, ""},
		{"during the wait", 1, t0.Add(59 * time.Minute), "cert.wait"},
		{"after the wait", 1, t0.Add(time.Hour), ""},
		{"no attempts left", 2, t0.Add(48 * time.Hour), "cert.no_attempts"},
	}
	for _, tt := range tests {
		err := p.NextAttempt(tt.used, t0, tt.now)
		if got := keyOf(err); got != tt.wantKey {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.wantKey)
		}
	}
	if e := sitecore.AsError(p.NextAttempt(1, t0, t0)); e.Args["until"] != "2026-09-01 11:00" {
		t.Errorf("wait until %q", e.Args["until"])
	}
	for _, c := range []struct {
		r    ExamResult
		want bool
	}{
		{ExamResult{Score: 8, MaxScore: 10, Passed: true}, true},
		{ExamResult{Score: 7.9, MaxScore: 10, Passed: true}, false}, // below the course's score
		{ExamResult{Score: 10, MaxScore: 10, Passed: false}, false}, // the grader said no
		{ExamResult{Score: 0, MaxScore: 0, Passed: true}, false},
	} {
		if got := p.Passes(c.r); got != c.want {
			t.Errorf("Passes(%+v) = %v", c.r, got)
		}
	}
}

func keyOf(err error) string {
	if err == nil {
		return ""
	}
	return sitecore.AsError(err).Key
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := NewCode()
		if n, ok := NormalizeCode(c); !ok || n != c || len(c) != CodeLength || seen[c] {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
	}
	for in, want := range map[string]string{"abcd-efgh 23": "ABCDEFGH23", " q7jo ppox n2 ": "Q7JOPPOXN2"} {
		if got, ok := NormalizeCode(in); !ok || got != want {
			t.Errorf("NormalizeCode(%q) = %q %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "ABCDEFGH1", "ABCDEFGH01", "ABCDEFGHIJK", "ABCDEFGH8Z", "<script>12"} {
		if _, ok := NormalizeCode(bad); ok {
			t.Errorf("NormalizeCode(%q) accepted", bad)
		}
	}
	if n := FormatNumber(KindTemplates, time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC), 42); n != "TPL-2027-000042" {
		t.Errorf("number %q (the year is Almaty's)", n) // 01:00 on 1 January in Almaty
	}
}

func TestCertificateStatus(t *testing.T) {
	now := time.Now()
	c := &Certificate{ExpiresAt: now.Add(time.Hour)}
	if c.StatusAt(now) != StatusValid || c.StatusAt(now.Add(time.Hour)) != StatusExpired {
		t.Error("validity ends at ExpiresAt")
	}
	c.RevokedAt = now
	if c.StatusAt(now) != StatusRevoked {
		t.Error("revoked")
	}
	if (*Certificate)(nil).StatusAt(now) != StatusUnknown {
		t.Error("nil is unknown")
	}
}

func TestCourseInput(t *testing.T) {
	kinds := func(k string) bool { return k == KindTemplates }
	title := map[sitecore.Lang]string{"kk": "Шаблондар", "ru": "Шаблоны", "en": "Templates"}
	k := KindTemplates
	var c Course
	if err := (CourseInput{Kind: &k, Title: title}).Apply(&c, kinds); err != nil || c.Exam != DefaultExam || c.Refresher != DefaultRefresher {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	bad := []struct {
		in    CourseInput
		field string
	}{
		{CourseInput{Kind: &k, Title: map[sitecore.Lang]string{"kk": "x", "ru": "x"}}, "title.en"},
		{CourseInput{Kind: &k, Title: map[sitecore.Lang]string{"kk": "x", "ru": "x", "en": "x", "de": "x"}}, "title.de"},
		{CourseInput{Kind: &k, Title: title, Exam: &ExamPolicyInput{PassingScore: ptr(0)}}, "exam.passing_score"},
		{CourseInput{Kind: &k, Title: title, Refresher: &ExamPolicyInput{Attempts: ptr(21)}}, "refresher.attempts"},
		{CourseInput{Kind: ptrS("nope"), Title: title}, "kind"},
	}
	for _, b := range bad {
		var c Course
		err := b.in.Apply(&c, kinds)
		if e := sitecore.AsError(err); err == nil || e.Field != b.field {
			t.Errorf("%+v: %v, want field %s", b.in, err, b.field)
		}
		if c.ID != 0 || c.Title != nil {
			t.Errorf("a refused input changed the course: %+v", c)
		}
	}
}

func ptr(n int) *int        { return &n }
func ptrS(s string) *string { return &s }
