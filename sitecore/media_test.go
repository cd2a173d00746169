package sitecore

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
)

func TestSniffMedia(t *testing.T) {
	zipWith := func(first string, rest string) []byte {
		b := append([]byte("PK\x03\x04"), make([]byte, 26)...)
		return append(append(b, first...), rest...)
	}
	tests := []struct {
		name string
		head []byte
		file string
		want string // content type, "" for refused
	}{
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, "a.png", "image/jpeg"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "a", "image/png"},
		{"gif", []byte("GIF89a\x01\x00"), "a.gif", "image/gif"},
		{"webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 "), "a.webp", "image/webp"},
		{"mp4", []byte("\x00\x00\x00\x20ftypmp42\x00\x00\x00\x00"), "a.mov", "video/mp4"},
		{"heic is not mp4", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"), "a.mp4", ""},
		{"quicktime is not mp4", []byte("\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00"), "a.mp4", ""},
		{"webm", []byte("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"), "a", "video/webm"},
		{"matroska is not webm", []byte("\x1a\x45\xdf\xa3\x9f\x42\x82\x88matroska"), "a.webm", ""},
		{"pdf", []byte("%PDF-1.4\n"), "a.doc", "application/pdf"},
		{"docx", zipWith("[Content_Types].xml", ""), "Отчёт.docx", typeDOCX.ContentType},
		{"xlsx by part", zipWith("xl/workbook.xml", ""), "book", typeXLSX.ContentType},
		{"odt", zipWith("mimetype", "application/vnd.oasis.opendocument.text"), "a.odt", typeODT.ContentType},
		{"plain zip", zipWith("evil.exe", ""), "a.docx", ""},
		{"legacy doc", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "a.DOC", "application/msword"},
		{"ole without office name", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "a.msi", ""},
		{"exe", []byte("MZ\x90\x00"), "a.pdf", ""},
		{"html", []byte("<!doctype html><script>"), "a.jpg", ""},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg">`), "a.svg", ""},
		{"empty", nil, "a.png", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := SniffMedia(tt.head, tt.file)
			if ok != (tt.want != "") || got.ContentType != tt.want {
				t.Errorf("SniffMedia = %q %v, want %q", got.ContentType, ok, tt.want)
			}
		})
	}
}

func TestSanitizeFileName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"photo.JPG", "photo.jpg"},
		{`C:\Users\me\Фото класса 5А.jpeg`, "Фото-класса-5А.jpg"},
		{"../../etc/passwd", "passwd.jpg"},
		{"<script>alert(1)</script>.png", "script.jpg"}, // after the last slash
		{"<b>alert(1)<b>.png", "b_alert_1_b.jpg"},
		{"...hidden", "hidden.jpg"},
		{"", "file.jpg"},
		{"\x00\x01", "file.jpg"},
		{"a  b\t\nc", "a-b-c.jpg"},
		{`name"; filename="x.html`, "name_filename_x.jpg"},
		{strings.Repeat("я", 300) + ".png", strings.Repeat("я", 96) + ".jpg"},
	}
	for _, tt := range tests {
		if got := SanitizeFileName(tt.in, typeJPEG); got != tt.want {
			t.Errorf("SanitizeFileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseVideoURL(t *testing.T) {
	tests := []struct {
		url, provider, id, embed string
	}{
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1", "youtube", "dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
		{"http://youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"},
		{"https://m.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", ""},
		{"https://youtu.be/dQw4w9WgXcQ?si=abc", "youtube", "dQw4w9WgXcQ", ""},
		{"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", ""},
		{" https://vimeo.com/76979871 ", "vimeo", "76979871", "https://player.vimeo.com/video/76979871"},
		{"https://vimeo.com/76979871/abcdef1234", "vimeo", "76979871", "https://player.vimeo.com/video/76979871?h=abcdef1234"},
		{"https://vimeo.com/channels/staffpicks/76979871", "vimeo", "76979871", ""},
		{"https://player.vimeo.com/video/76979871?h=abcdef12", "vimeo", "76979871", "https://player.vimeo.com/video/76979871?h=abcdef12"},
		{"javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ", "", "", ""},
		{"data:text/html,x", "", "", ""},
		{"https://youtube.com.evil.kz/watch?v=dQw4w9WgXcQ", "", "", ""},
		{"https://evil.kz/youtu.be/dQw4w9WgXcQ", "", "", ""},
		{"https://user@youtube.com/watch?v=dQw4w9WgXcQ", "", "", ""},
		{"https://youtube.com:8443/watch?v=dQw4w9WgXcQ", "", "", ""},
		{"https://www.youtube.com/watch?v=dQw4w9WgXc", "", "", ""},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ%22%3E", "", "", ""},
		{"https://www.youtube.com/embed/dQw4w9WgXcQ/../x", "", "", ""},
		{"https://vimeo.com/76979871/<script>", "", "", ""},
		{"https://vimeo.com/user/76979871", "", "", ""},
		{"ftp://vimeo.com/76979871", "", "", ""},
	}
	for _, tt := range tests {
		prov, id, key, ok := ParseVideoURL(tt.url)
		if ok != (tt.provider != "") || prov != tt.provider || id != tt.id {
			t.Errorf("ParseVideoURL(%q) = %q %q %v, want %q %q", tt.url, prov, id, ok, tt.provider, tt.id)
			continue
		}
		if tt.embed != "" {
			if got := EmbedURL(prov, id, key); got != tt.embed {
				t.Errorf("EmbedURL for %q = %q, want %q", tt.url, got, tt.embed)
			}
		}
	}
	if EmbedURL("youtube", `x"><script>`, "") != "" || EmbedURL("other", "1", "") != "" {
		t.Error("EmbedURL built a URL from an invalid ID or provider")
	}
}

func TestQuotaMark(t *testing.T) {
	for _, tt := range []struct {
		used, limit int64
		want        int
	}{{0, 100, 0}, {69, 100, 0}, {70, 100, 70}, {89, 100, 70}, {90, 100, 90}, {100, 100, 90}, {1 << 49, 1 << 50, 0}, {5, 0, 0}} {
		if got := QuotaMark(tt.used, tt.limit); got != tt.want {
			t.Errorf("QuotaMark(%d, %d) = %d, want %d", tt.used, tt.limit, got, tt.want)
		}
	}
}

// memQuota is a SpaceKeeper over a counter.
type memQuota struct {
	mu          sync.Mutex
	used, limit int64
	calls       int
}

func (q *memQuota) Reserve(_ context.Context, _ int64, n int64, field string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.calls++
	if q.used+n > q.limit {
		return QuotaExceeded(field, Quota{UsedBytes: q.used, LimitBytes: q.limit, LeftBytes: q.limit - q.used})
	}
	q.used += n
	return nil
}

func (q *memQuota) Release(_ context.Context, _ int64, n int64) error {
	q.mu.Lock()
	q.used -= n
	q.mu.Unlock()
	return nil
}

func TestMeter(t *testing.T) {
	data := bytes.Repeat([]byte("x"), 3*meterStep+123)
	q := &memQuota{limit: 10 * meterStep}
	m := NewMeter(context.Background(), q, 1, "file", bytes.NewReader(data))
	got, err := io.ReadAll(m)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes, err %v", len(got), err)
	}
	if q.used != int64(len(data)) || m.Reserved() != int64(len(data)) || q.calls != 4 {
		t.Errorf("used %d reserved %d in %d calls, want %d in 4", q.used, m.Reserved(), q.calls, len(data))
	}
	_ = m.Settle(int64(len(data)))
	if q.used != int64(len(data)) {
		t.Errorf("Settle changed usage to %d", q.used)
	}

	// Over the quota: the stream ends with the quota error, and Abort gives everything back.
	q = &memQuota{limit: meterStep + 10}
	m = NewMeter(context.Background(), q, 1, "file", bytes.NewReader(data))
	_, err = io.ReadAll(m)
	var e *Error
	if !errors.As(err, &e) || e.Code != ETooLarge || e.Key != "quota.exceeded" || e.Field != "file" || e.Args["left"] != "10" {
		t.Fatalf("err = %v", err)
	}
	_ = m.Abort()
	if q.used != 0 {
		t.Errorf("used %d after Abort", q.used)
	}

	// A declared length is reserved at once; Settle gives back what the body lacked.
	q = &memQuota{limit: 1000}
	m = NewMeter(context.Background(), q, 1, "file", strings.NewReader("hello"))
	if err := m.Prereserve(2000); err == nil {
		t.Error("Prereserve over the limit succeeded")
	}
	if err := m.Prereserve(100); err != nil {
		t.Fatal(err)
	}
	_, _ = io.ReadAll(m)
	_ = m.Settle(5)
	if q.used != 5 {
		t.Errorf("used %d after Settle, want 5", q.used)
	}
}

func TestQuotaWarningEmail(t *testing.T) {
	q := Quota{UsedBytes: 950 << 20, LimitBytes: 1000 << 20, LeftBytes: 50 << 20}
	for lang, want := range map[Lang]string{Kazakh: "90% толды", Russian: "заполнено на 90%", English: "is 90% full", "de": "is 90% full"} {
		e := QuotaWarningEmail("k", lang, "o@s.kz", "Айгүл <b>", "Мектеп & Co", "https://s.kz/", 90, q)
		if !strings.Contains(e.Subject, want) || !strings.Contains(e.Text, "950.0") || !strings.Contains(e.Text, "50.0") {
			t.Errorf("%s: %q / %q", lang, e.Subject, e.Text)
		}
		if strings.Contains(e.HTML, "<b>") || !strings.Contains(e.HTML, "Мектеп &amp; Co") || !strings.Contains(e.HTML, `href="https://s.kz/"`) {
			t.Errorf("%s: HTML not escaped: %s", lang, e.HTML)
		}
	}
}
