package forum

import (
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

func TestBodySanitizesAndLimitsLinks(t *testing.T) {
	for _, tt := range []struct {
		in      string
		trusted bool
		want    string // substring of the result, "" when refused
		field   string
	}{
		{"Привет\n\nмир", false, "<p>Привет</p><p>мир</p>", ""},
		{`<p>x</p><script>alert(1)</script><img src=x onerror=alert(1)>`, true, "<p>x</p>", ""},
		{`<a href="javascript:alert(1)">j</a> ok`, true, "ok", ""},
		{`<a href="https://a.kz">a</a>`, false, `href="https://a.kz"`, ""},
		{`<a href="https://a.kz">a</a> <a href="https://b.kz">b</a>`, false, "", "body"},
		{`<a href="https://a.kz">a</a> <a href="https://b.kz">b</a>`, true, `href="https://b.kz"`, ""},
		{"   ", false, "", "body"},
		{"<script>only</script>", true, "", "body"},
	} {
		got, err := body(tt.in, tt.trusted, false)
		if tt.field != "" {
			if e := sitecore.AsError(err); err == nil || e.Field != tt.field {
				t.Errorf("body(%q) = %q, %v; want an error on %s", tt.in, got, err, tt.field)
			}
			continue
		}
		if err != nil || !strings.Contains(got, tt.want) || strings.Contains(got, "script") || strings.Contains(got, "onerror") || strings.Contains(got, "javascript:") {
			t.Errorf("body(%q) = %q, %v; want it to hold %q and nothing runnable", tt.in, got, err, tt.want)
		}
	}
}

func TestMarkSnippetEscapes(t *testing.T) {
	got := markSnippet("&lt;script&gt;alert(1) \x01мектеп\x02 <b>")
	if want := "&lt;script&gt;alert(1) <mark>мектеп</mark> &lt;b&gt;"; got != want {
		t.Errorf("markSnippet = %q, want %q", got, want)
	}
}

func TestMentionNamesAndPages(t *testing.T) {
	if got := mentionName("Айгүл  Сейітқали"); got != "айгүл_сейітқали" {
		t.Errorf("mentionName = %q", got)
	}
	if m := mentionRE.FindAllStringSubmatch("Сәлем, @Айгүл_Сейітқали и @Person_teacher-secret!", -1); len(m) != 2 || m[1][1] != "Person_teacher-secret" {
		t.Errorf("mentions: %q", m)
	}
	for seq, page := range map[int]int{1: 1, 20: 1, 21: 2, 5000: 250, 4981: 250} {
		if got := PageOf(seq); got != page {
			t.Errorf("PageOf(%d) = %d, want %d", seq, got, page)
		}
	}
	if p := (&sitecore.Topic{LastSeq: 5000}).Pages(); p != 250 {
		t.Errorf("Pages = %d", p)
	}
}
