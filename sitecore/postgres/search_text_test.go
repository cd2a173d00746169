package postgres

import (
	"slices"
	"testing"
)

func TestMarkHighlights(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                                    "plain",
		"a \uE000word\uE001 b":                     "a <mark>word</mark> b",
		"<script>\uE000x\uE001</script>":           "&lt;script&gt;<mark>x</mark>&lt;/script&gt;",
		"\uE000<img onerror=x>\uE001 & \"'":        "<mark>&lt;img onerror=x&gt;</mark> &amp; &#34;&#39;",
		"\uE000open":                               "<mark>open</mark>",
		"stray\uE001 stop \uE000\uE000twice\uE001": "stray stop <mark>twice</mark>",
	} {
		if got := markHighlights(in); got != want {
			t.Errorf("markHighlights(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		"<p>Біз&nbsp;<b>мектеп</b>пен</p><p>мақтанамыз</p>":               "Біз мектеппен мақтанамыз",
		"<ul><li>бір</li><li>екі</li></ul>":                               "бір екі",
		"a &lt;script&gt; b<script>alert(1)</script><style>p{}</style> c": "a <script> b c",
		"line\nbreak\t\ttab \uE000sentinel\uE001 \x07bell":                "line break tab sentinel bell",
		"<p>1 &amp; 2</p><br>3":                                           "1 & 2 3",
	} {
		if got := plainText(in); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSearchWordsAndShorten(t *testing.T) {
	got := searchWords("Наурыз мейрамы, НАУРЫЗ!", "a an 2026 школа-гимназия x")
	if want := []string{"наурыз", "мейрамы", "школа", "гимназия"}; !slices.Equal(got, want) {
		t.Errorf("searchWords = %q, want %q", got, want)
	}
	if got := shorten("one two three four &amp; five", 20); got != "one two three four …" {
		t.Errorf("shorten = %q", got)
	}
	if got := shorten("one two three &amp; four", 16); got != "one two three …" {
		t.Errorf("shorten at an entity = %q", got)
	}
}
