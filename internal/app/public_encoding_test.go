package app_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestPublicPagesPrecompressed: a cached public page goes to a client that accepts brotli or
// gzip as that encoding, made once, decoding to exactly the plain page; each encoding has its
// own ETag and answers its own conditional request with 304; the length is always known
// (no chunked transfer); small bodies and clients that refuse codings get the page as it is.
func TestPublicPagesPrecompressed(t *testing.T) {
	s := startStack(t, stackOptions{})
	id, owner := ownedSite(t, s, "enc-school", "owner-password-1")
	site := "/api/v1/sites/" + id64(id)
	body := strings.Repeat("<p>Мектебіміздің оқушылары облыстық олимпиадада жүлделі орындарға ие болды. ә ғ қ ң ө ұ ү һ і</p>", 20)
	if r := owner.do("POST", site+"/news", map[string]any{"key": "prize", "text": map[string]any{
		"ru": map[string]any{"title": "Призёры", "slug": "prize", "body": body}}}); r.Status != 201 {
		t.Fatalf("news: %d %s", r.Status, r.Body)
	}
	owner.do("POST", site+"/news/prize/publish", nil)
	const host, path = "enc-school.edu.kz", "/ru/news/prize"

	plain := s.do("GET", path, nil, "Host", host, "Accept-Encoding", "identity")
	if plain.Status != 200 || plain.Header.Get("Content-Encoding") != "" || !bytes.Contains(plain.Body, []byte("облыстық олимпиадада")) {
		t.Fatalf("plain: %d %q", plain.Status, plain.Header.Get("Content-Encoding"))
	}
	if plain.Header.Get("Content-Length") != strconv.Itoa(len(plain.Body)) {
		t.Errorf("plain Content-Length %q for %d bytes", plain.Header.Get("Content-Length"), len(plain.Body))
	}
	decoders := map[string]func([]byte) ([]byte, error){
		"br": func(b []byte) ([]byte, error) { return io.ReadAll(brotli.NewReader(bytes.NewReader(b))) },
		"gzip": func(b []byte) ([]byte, error) {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil, err
			}
			return io.ReadAll(zr)
		},
	}
	tags := map[string]bool{plain.Header.Get("ETag"): true}
	for accept, want := range map[string]string{"gzip, deflate, br": "br", "gzip": "gzip", "br;q=0, gzip": "gzip"} {
		r := s.do("GET", path, nil, "Host", host, "Accept-Encoding", accept)
		if got := r.Header.Get("Content-Encoding"); got != want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", accept, got, want)
			continue
		}
		if len(r.Body) >= len(plain.Body)/2 {
			t.Errorf("%s: %d bytes for a %d-byte page", want, len(r.Body), len(plain.Body))
		}
		if r.Header.Get("Content-Length") != strconv.Itoa(len(r.Body)) || r.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("%s: Content-Length %q Vary %q", want, r.Header.Get("Content-Length"), r.Header.Get("Vary"))
		}
		dec, err := decoders[want](r.Body)
		if err != nil || !bytes.Equal(dec, plain.Body) {
			t.Errorf("%s does not decode to the page (%v)", want, err)
		}
		tag := r.Header.Get("ETag")
		if want == "br" || accept == "gzip" {
			if tags[tag] {
				t.Errorf("%s shares the ETag %s with another encoding", want, tag)
			}
			tags[tag] = true
		}
		if c := s.do("GET", path, nil, "Host", host, "Accept-Encoding", accept, "If-None-Match", tag); c.Status != 304 {
			t.Errorf("%s: If-None-Match %s gave %d", want, tag, c.Status)
		}
	}
	// A client with the plain copy's ETag that now accepts gzip gets the gzip copy, not a 304
	// that would leave it decoding nothing.
	if c := s.do("GET", path, nil, "Host", host, "Accept-Encoding", "gzip", "If-None-Match", plain.Header.Get("ETag")); c.Status != 200 || c.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("plain ETag with gzip accepted: %d %q", c.Status, c.Header.Get("Content-Encoding"))
	}
	// robots.txt is too small to be worth compressing.
	if r := s.do("GET", "/robots.txt", nil, "Host", host, "Accept-Encoding", "br, gzip"); r.Status != 200 || r.Header.Get("Content-Encoding") != "" {
		t.Errorf("robots.txt: %d %q", r.Status, r.Header.Get("Content-Encoding"))
	}
}
