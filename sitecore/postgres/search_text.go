package postgres

import (
	"html"
	"strings"
	"unicode"

	xhtml "golang.org/x/net/html"
)

// Highlight sentinels: ts_headline wraps matched words in these private-use characters,
// which indexed text never contains (plainText removes them). The text is escaped first and
// the sentinels become <mark> afterwards, so a highlighted snippet is safe HTML whatever the
// document said.
const (
	markStart = "\uE000"
	markStop  = "\uE001"
)

// headlineOptions are ts_headline's options for body snippets and for titles.
const (
	snippetOptions = "StartSel=\uE000, StopSel=\uE001, MaxFragments=2, MaxWords=24, MinWords=10, " +
		`ShortWord=2, FragmentDelimiter=" … "`
	titleOptions = "StartSel=\uE000, StopSel=\uE001, HighlightAll=true"
)

// markHighlights escapes s and turns the sentinels into <mark> elements. A start without a
// stop is closed at the end, so the output is always well formed.
func markHighlights(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 32)
	open := false
	for {
		i := strings.IndexAny(s, markStart+markStop)
		if i < 0 {
			b.WriteString(html.EscapeString(s))
			break
		}
		b.WriteString(html.EscapeString(s[:i]))
		if strings.HasPrefix(s[i:], markStart) {
			if !open {
				b.WriteString("<mark>")
				open = true
			}
			s = s[i+len(markStart):]
		} else {
			if open {
				b.WriteString("</mark>")
				open = false
			}
			s = s[i+len(markStop):]
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}

// blockElements end a run of text: their content does not run into the next word.
var blockElements = map[string]bool{"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "tr": true, "td": true, "th": true,
	"table": true, "blockquote": true, "figure": true, "figcaption": true, "section": true, "article": true,
	"header": true, "footer": true, "pre": true, "hr": true, "dd": true, "dt": true, "img": true}

// plainText turns sanitized HTML into the text a reader sees: tags removed, entities
// decoded, script and style contents dropped, whitespace collapsed, control and sentinel
// characters removed.
func plainText(s string) string {
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return cleanText(b.String())
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text()) // Text unescapes entities
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			switch n := string(name); {
			case n == "script" || n == "style" || n == "template":
				skip++
			case blockElements[n]:
				b.WriteByte(' ')
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			switch n := string(name); {
			case n == "script" || n == "style" || n == "template":
				skip = max(0, skip-1)
			case blockElements[n]:
				b.WriteByte(' ')
			}
		}
	}
}

// cleanText collapses whitespace and drops control characters and the highlight sentinels.
func cleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || r == '\uE000' || r == '\uE001' || r == unicode.ReplacementChar:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// maxWordLen bounds the words kept for typo correction; longer tokens are noise (URLs,
// hashes).
const maxWordLen = 40

// searchWords returns the distinct lowercased words of texts (letters and digits, at least
// three runes), for the "did you mean" table.
func searchWords(texts ...string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range texts {
		for _, w := range strings.FieldsFunc(strings.ToLower(t), notWordRune) {
			n := len([]rune(w))
			if n < 3 || n > maxWordLen || seen[w] || isNumber(w) {
				continue
			}
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
