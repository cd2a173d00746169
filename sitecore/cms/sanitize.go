package cms

import (
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// policy is the allow-list for rich text written by editors and commenters: formatting,
// links (rel=nofollow noopener, http/https/mailto/tel only), images from http(s) or the
// site's own media paths, tables and figures. Scripts, event handlers, styles, iframes and
// javascript: URLs never pass.
var policy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.AllowElements("figure", "figcaption", "mark", "s", "u")
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("p", "span", "div", "figure", "table", "img")
	return p
})

// commentPolicy is the smaller allow-list for comments: emphasis, links and lists.
var commentPolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "blockquote", "code")
	p.AllowStandardURLs()
	p.AllowAttrs("href").OnElements("a")
	p.RequireNoFollowOnLinks(true)
	return p
})

// ForumImageSrc is what an image of a school community's post may point at: the school's
// own media library (site-relative /media/{id}/{name} or its thumbnail), nothing else.
var ForumImageSrc = regexp.MustCompile(`^/media/([0-9a-f]{32})/(?:thumb/)?[^/?#\s]+$`)

// forumImagePolicy is the comment allow-list plus <img> from the site's media library.
var forumImagePolicy = sync.OnceValue(func() *bluemonday.Policy {
	q := bluemonday.NewPolicy()
	q.AllowElements("p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "blockquote", "code")
	q.AllowStandardURLs()
	q.AllowAttrs("href").OnElements("a")
	q.RequireNoFollowOnLinks(true)
	q.AllowAttrs("src").Matching(ForumImageSrc).OnElements("img")
	q.AllowAttrs("alt").OnElements("img")
	return q
})

var imgTag = regexp.MustCompile(`<img\b[^>]*>`)

// ForumText sanitizes a forum post: the comment allow-list, and with images also <img>
// whose src is the site's own media library; an image whose src was dropped is dropped.
func ForumText(s string, images bool) string {
	if !images {
		return CommentText(s)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if !strings.Contains(s, "<") {
		return paragraphs(s)
	}
	out := forumImagePolicy().Sanitize(s)
	out = imgTag.ReplaceAllStringFunc(out, func(tag string) string {
		if strings.Contains(tag, ` src="`) {
			return tag
		}
		return ""
	})
	return strings.TrimSpace(out)
}

// RichText turns what an editor submitted into safe HTML. Text without any tag is treated as
// plain text: paragraphs split at blank lines, single newlines kept as line breaks.
func RichText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if !strings.Contains(s, "<") {
		return paragraphs(s)
	}
	return strings.TrimSpace(policy().Sanitize(s))
}

// CommentText sanitizes a comment the same way with the comment allow-list.
func CommentText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if !strings.Contains(s, "<") {
		return paragraphs(s)
	}
	return strings.TrimSpace(commentPolicy().Sanitize(s))
}

// PlainText strips every tag and returns the text (for summaries and feeds).
func PlainText(s string) string {
	t := bluemonday.StrictPolicy().Sanitize(s)
	return strings.Join(strings.Fields(html.UnescapeString(t)), " ")
}

// paragraphs turns plain text into escaped HTML paragraphs.
func paragraphs(text string) string {
	var b strings.Builder
	for para := range strings.SplitSeq(text, "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(para), "\n", "<br>") + "</p>")
		}
	}
	return b.String()
}
