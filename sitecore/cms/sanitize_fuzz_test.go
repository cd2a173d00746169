package cms

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// xssSeeds are classic ways of sneaking script into rich text.
var xssSeeds = []string{
	`<p>Сабақ кестесі <b>өзгерді</b></p>`,
	"Plain text\n\nwith <no tags",
	`<script>alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<a href="javascript:alert(1)">x</a>`,
	`<a href="JaVaScRiPt:alert(1)">x</a>`,
	`<a href=" &#14; javascript:alert(1)">x</a>`,
	`<a href="java&#x09;script:alert(1)">x</a>`,
	`<a href="jav&#x0A;ascript:alert(1)">x</a>`,
	`<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`,
	`<a href="vbscript:msgbox(1)">x</a>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
	`<img src="data:image/svg+xml,<svg onload=alert(1)>">`,
	`<svg><script>alert(1)</script></svg>`,
	`<svg onload=alert(1)>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<iframe src="https://evil.example"></iframe>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="javascript:alert(1)">`,
	`<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>`,
	`<body onload=alert(1)>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<p class="a b" onclick="alert(1)">x</p>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<textarea><script>alert(1)</script></textarea>`,
	`<!--<script>alert(1)</script>-->`,
	`<![CDATA[<script>alert(1)</script>]]>`,
	`<img srcset="javascript:alert(1) 1x, https://x/y.png 2x">`,
	`<a href="/relative">ok</a> <a href="https://example.kz">ok</a> <a href="mailto:a@b.kz">m</a>`,
	`<table><tr><td><figure><img src="/media/abc/photo.jpg"><figcaption>Фото</figcaption></figure></td></tr></table>`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	`<<script>script>alert(1)<</script>/script>`,
	`<a href="http://x" target="_blank" rel="opener">x</a>`,
	`<base href="javascript:alert(1)//">`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<link rel="import" href="https://evil.example/x.html">`,
	"<a href=\"\x00javascript:alert(1)\">x</a>",
	`<template><script>alert(1)</script></template>`,
}

// FuzzRichText checks the sanitizer's promise on whatever an editor or a commenter submits:
// parsed as a browser parses it, the output has no element that runs or loads active
// content, no event handler attribute, and no javascript:, vbscript: or data: URL.
func FuzzRichText(f *testing.F) {
	for _, s := range xssSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for name, clean := range map[string]func(string) string{"RichText": RichText, "CommentText": CommentText} {
			out := clean(in)
			if problem := activeContent(out); problem != "" {
				t.Fatalf("%s(%q) = %q: %s", name, in, out, problem)
			}
			// Sanitizing is a fixed point: a second pass finds nothing more to remove.
			if again := clean(out); activeContent(again) != "" {
				t.Fatalf("%s twice: %q", name, again)
			}
		}
	})
}

// activeElements run script, load other documents or plugins, or change how the page is
// read; none may survive sanitizing.
var activeElements = map[atom.Atom]bool{atom.Script: true, atom.Iframe: true, atom.Frame: true, atom.Frameset: true,
	atom.Object: true, atom.Embed: true, atom.Applet: true, atom.Base: true, atom.Meta: true, atom.Link: true,
	atom.Style: true, atom.Svg: true, atom.Math: true, atom.Form: true, atom.Noscript: true, atom.Template: true}

// urlAttrs are attributes whose value a browser follows or loads as a URL.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"background": true, "poster": true, "cite": true, "longdesc": true, "usemap": true, "data": true,
	"codebase": true, "dynsrc": true, "lowsrc": true, "ping": true, "manifest": true}

// activeContent parses s as the body of a page and describes the first active thing in it,
// or returns "".
func activeContent(s string) string {
	doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><html><body>" + s))
	if err != nil {
		return "unparsable: " + err.Error()
	}
	var found string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found != "" {
			return
		}
		if n.Type == html.ElementNode {
			if activeElements[n.DataAtom] || n.Namespace != "" {
				found = "element <" + n.Data + ">"
				return
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(key, "on"):
					found = "event handler " + a.Key
				case key == "style" && strings.Contains(strings.ToLower(a.Val), "javascript"):
					found = "script URL in style"
				case urlAttrs[key] && dangerousURL(a.Val):
					found = a.Key + "=" + a.Val
				case key == "srcset":
					for c := range strings.SplitSeq(a.Val, ",") {
						if dangerousURL(c) {
							found = "srcset " + a.Val
						}
					}
				}
				if found != "" {
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}

// dangerousURL reports whether a browser would take u (an attribute value with entities
// already decoded) as a javascript:, vbscript: or data: URL. Browsers strip leading and
// trailing C0 controls and spaces and remove tabs and newlines anywhere before reading the
// scheme (WHATWG URL parsing).
func dangerousURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	u = strings.ToLower(strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	return strings.HasPrefix(u, "javascript:") || strings.HasPrefix(u, "vbscript:") || strings.HasPrefix(u, "data:")
}

// TestActiveContentSeesRawAttacks keeps the fuzz property honest: unsanitized, the seeds
// are caught by it.
func TestActiveContentSeesRawAttacks(t *testing.T) {
	for _, s := range []string{xssSeeds[2], xssSeeds[3], xssSeeds[6], xssSeeds[7], xssSeeds[9], xssSeeds[10],
		xssSeeds[11], xssSeeds[14], xssSeeds[21], xssSeeds[27]} {
		if activeContent(s) == "" {
			t.Errorf("activeContent(%q) found nothing", s)
		}
	}
	if p := activeContent(xssSeeds[28]); p != "" {
		t.Errorf("safe links reported: %s", p)
	}
}
