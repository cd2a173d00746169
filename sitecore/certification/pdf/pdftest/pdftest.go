// Package pdftest reads back what the certificate PDF writer wrote, for tests: it checks
// the file's structure (header, cross-reference table pointing at every object, trailer),
// inflates the content streams, and returns the text shown (UTF-16BE strings of Tj
// operators) and the filled rectangles (the QR code's modules). It reads what fpdf
// writes, not every PDF.
package pdftest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"unicode/utf16"
)

// Rect is a filled rectangle in PDF points (origin bottom left, H negative downwards).
type Rect struct{ X, Y, W, H float64 }

// Doc is what a PDF shows.
type Doc struct {
	Objects int
	Text    []string
	Rects   []Rect
}

var (
	objRe    = regexp.MustCompile(`(?s)(\d+) 0 obj(.*?)endobj`)
	streamRe = regexp.MustCompile(`(?s)^(.*?)stream\r?\n(.*)\r?\nendstream`)
	tjRe     = regexp.MustCompile(`(?s)\(((?:[^\\)]|\\.)*)\)\s*Tj`)
	rectRe   = regexp.MustCompile(`(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re f\b`)
	xrefRe   = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	entryRe  = regexp.MustCompile(`(\d{10}) (\d{5}) ([nf])`)
)

// Parse checks data is a well-formed PDF as fpdf writes it and reads its text and
// filled rectangles.
func Parse(data []byte) (*Doc, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-1.")) {
		return nil, fmt.Errorf("no PDF header")
	}
	m := xrefRe.FindSubmatch(data)
	if m == nil {
		return nil, fmt.Errorf("no startxref / %%%%EOF at the end")
	}
	off, _ := strconv.Atoi(string(m[1]))
	if off >= len(data) || !bytes.HasPrefix(data[off:], []byte("xref")) {
		return nil, fmt.Errorf("startxref %d does not point at the xref table", off)
	}
	table := data[off:]
	if i := bytes.Index(table, []byte("trailer")); i > 0 {
		table = table[:i]
	} else {
		return nil, fmt.Errorf("no trailer")
	}
	d := &Doc{}
	for i, e := range entryRe.FindAllSubmatch(table, -1) {
		if string(e[3]) != "n" {
			continue
		}
		o, _ := strconv.Atoi(string(e[1]))
		want := strconv.Itoa(i) + " 0 obj"
		if o >= len(data) || !bytes.HasPrefix(data[o:], []byte(want)) {
			return nil, fmt.Errorf("xref entry %d points at %d, not at %q", i, o, want)
		}
		d.Objects++
	}
	if d.Objects == 0 {
		return nil, fmt.Errorf("empty xref table")
	}
	for _, o := range objRe.FindAllSubmatch(data, -1) {
		s := streamRe.FindSubmatch(o[2])
		if s == nil {
			continue
		}
		body := s[2]
		if bytes.Contains(s[1], []byte("/FlateDecode")) {
			r, err := zlib.NewReader(bytes.NewReader(body))
			if err != nil {
				return nil, fmt.Errorf("object %s: %w", o[1], err)
			}
			if body, err = io.ReadAll(r); err != nil {
				return nil, fmt.Errorf("object %s: %w", o[1], err)
			}
		}
		for _, t := range tjRe.FindAllSubmatch(body, -1) {
			d.Text = append(d.Text, utf16be(unescape(t[1])))
		}
		for _, r := range rectRe.FindAllSubmatch(body, -1) {
			var v [4]float64
			for i := range v {
				v[i], _ = strconv.ParseFloat(string(r[i+1]), 64)
			}
			d.Rects = append(d.Rects, Rect{v[0], v[1], v[2], v[3]})
		}
	}
	return d, nil
}

// unescape undoes a PDF literal string's escapes.
func unescape(s []byte) []byte {
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			out = append(out, s[i])
			continue
		}
		i++
		switch c := s[i]; c {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		default:
			if c >= '0' && c <= '7' {
				n, j := 0, i
				for ; j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7'; j++ {
					n = n*8 + int(s[j]-'0')
				}
				out = append(out, byte(n))
				i = j - 1
			} else {
				out = append(out, c)
			}
		}
	}
	return out
}

func utf16be(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}
