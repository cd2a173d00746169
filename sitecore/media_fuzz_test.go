package sitecore

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// magics are the leading bytes each accepted content type must start with (MP4 has its box
// size first, so its "ftyp" is at offset 4).
var magics = map[string][]string{
	"image/jpeg": {"\xFF\xD8\xFF"}, "image/png": {"\x89PNG\r\n\x1a\n"}, "image/gif": {"GIF87a", "GIF89a"},
	"image/webp": {"RIFF"}, "video/webm": {"\x1A\x45\xDF\xA3"}, "application/pdf": {"%PDF-"},
	"application/msword": {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"}, "application/vnd.ms-excel": {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"},
	"application/vnd.ms-powerpoint": {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"},
}

// FuzzSniffMedia feeds the upload sniffer and the file-name cleaner whatever a browser may
// send: an accepted upload starts with its type's signature (so HTML, SVG and scripts are
// never accepted under any name), and its stored name is short, valid UTF-8, made of
// letters, digits, dots, hyphens and underscores, not hidden, and ends with the extension
// of the sniffed type.
func FuzzSniffMedia(f *testing.F) {
	zip := func(first, rest string) []byte {
		return append(append(append([]byte("PK\x03\x04"), make([]byte, 26)...), first...), rest...)
	}
	seeds := []struct {
		head []byte
		name string
	}{
		{[]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, "photo.JPG"},
		{[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), `C:\Users\me\Фото класса 5А.png`},
		{[]byte("GIF89a\x01\x00\x01\x00"), "../../etc/passwd"},
		{[]byte("RIFF\x10\x00\x00\x00WEBPVP8 "), "a.webp"},
		{[]byte("\x00\x00\x00\x20ftypmp42\x00\x00\x00\x00isommp42"), "урок.mp4"},
		{[]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"), "a.heic"},
		{[]byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"), "v.webm"},
		{[]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "Бұйрық №5.pdf"},
		{zip("[Content_Types].xml", ""), "Есеп.docx"},
		{zip("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), "a.ods"},
		{zip("xl/workbook.xml", ""), ".htaccess"},
		{[]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "old.xls"},
		{[]byte("<!doctype html><script>alert(1)</script>"), "a.jpg"},
		{[]byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">`), "a.svg"},
		{[]byte("MZ\x90\x00"), "setup.exe.pdf"},
		{[]byte("%PDF-"), "\x00\xff\xfe..\\..//<>\"'\r\n.pdf"},
		{nil, ""},
	}
	for _, s := range seeds {
		f.Add(s.head, s.name)
	}
	f.Fuzz(func(t *testing.T, head []byte, name string) {
		if len(head) > SniffLen {
			head = head[:SniffLen]
		}
		mt, ok := SniffMedia(head, name)
		if !ok {
			if mt != (MediaType{}) {
				t.Fatalf("refused with a type: %+v", mt)
			}
			mt = typePDF // the name is cleaned the same way whatever the type
		} else {
			checkSniffed(t, head, mt)
		}
		clean := SanitizeFileName(name, mt)
		base, ok := strings.CutSuffix(clean, mt.Ext)
		if !ok || base == "" || !utf8.ValidString(clean) || utf8.RuneCountInString(clean) > maxMediaName ||
			strings.HasPrefix(clean, ".") {
			t.Fatalf("SanitizeFileName(%q) = %q", name, clean)
		}
		for _, r := range clean {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(".-_", r) {
				t.Fatalf("SanitizeFileName(%q) = %q: %q", name, clean, r)
			}
		}
		if again := SanitizeFileName(clean, mt); again != clean {
			t.Fatalf("SanitizeFileName(%q) = %q, then %q", name, clean, again)
		}
	})
}

// checkSniffed checks an accepted upload's type against its first bytes.
func checkSniffed(t *testing.T, head []byte, mt MediaType) {
	t.Helper()
	kind := MediaDocument
	switch {
	case strings.HasPrefix(mt.ContentType, "image/"):
		kind = MediaImage
	case strings.HasPrefix(mt.ContentType, "video/"):
		kind = MediaVideo
	}
	if mt.Kind != kind || !strings.HasPrefix(mt.Ext, ".") {
		t.Fatalf("type %+v", mt)
	}
	var prefixes []string
	switch {
	case mt == typeMP4:
		if len(head) < 12 || string(head[4:8]) != "ftyp" {
			t.Fatalf("MP4 without ftyp: %q", head)
		}
		return
	case mt.Ext == ".docx" || mt.Ext == ".xlsx" || mt.Ext == ".pptx" || mt.Ext == ".odt" || mt.Ext == ".ods" || mt.Ext == ".odp":
		prefixes = []string{"PK\x03\x04"}
	default:
		var known bool
		if prefixes, known = magics[mt.ContentType]; !known {
			t.Fatalf("accepted an unexpected type %+v", mt)
		}
	}
	for _, p := range prefixes {
		if bytes.HasPrefix(head, []byte(p)) {
			return
		}
	}
	t.Fatalf("%s accepted without its signature: %q", mt.ContentType, head[:min(len(head), 16)])
}
