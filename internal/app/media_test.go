package app_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"testing"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/media"
)

// noisePNG returns a w×h PNG of random pixels (it barely compresses, so its size is
// predictable and large images span several GridFS chunks).
func noisePNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	_, _ = rand.Read(img.Pix)
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 0xff // opaque
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// smallPNG is a tiny opaque image.
func smallPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	img.Set(1, 1, color.NRGBA{255, 0, 0, 255})
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// pdfOf returns a "PDF" of exactly n bytes.
func pdfOf(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	copy(b, "%PDF-1.7\n")
	return b
}

// mp4Of returns an "MP4" of n bytes (an ftyp box, then noise).
func mp4Of(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	copy(b, "\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2mp41")
	return b
}

// uploadRaw sends the file as the raw body with its name in ?name=.
func uploadRaw(s *stack, path, name string, data []byte, headers ...string) response {
	s.t.Helper()
	h := append([]string{"Content-Type", "application/octet-stream"}, headers...)
	return s.do("POST", path+"?name="+name, data, h...)
}

// uploadForm sends the file as the "file" part of a multipart form (length unknown to the
// server until read).
func uploadForm(s *stack, method, path, name string, data []byte, headers ...string) response {
	s.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("note", "ignored")
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	return s.do(method, path, b.Bytes(), append([]string{"Content-Type", mw.FormDataContentType()}, headers...)...)
}

// mediaFixture stores a media file, an unpublished album with it and the file as the
// site's logo, for the cross-tenant matrix; it returns the media, album and item IDs.
func mediaFixture(t testing.TB, s *stack, siteID int64) (mediaID, albumID, itemID string) {
	t.Helper()
	ctx := context.Background()
	op := &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}
	m, err := s.App.Media.Upload(ctx, op, sitecore.Actor{}, siteID, media.Upload{Name: "a.png", Length: -1, Body: bytes.NewReader(smallPNG(t))})
	if err != nil {
		t.Fatal(err)
	}
	slug := "secret-album"
	al, err := s.App.Galleries.Create(ctx, op, sitecore.Actor{}, siteID, media.AlbumInput{Slug: &slug,
		Title: map[string]string{"ru": "SECRET-A-ALBUM"}})
	if err != nil {
		t.Fatal(err)
	}
	it, err := s.App.Galleries.AddItem(ctx, op, sitecore.Actor{}, siteID, al.ID, media.ItemInput{MediaID: m.ID,
		Caption: map[string]string{"ru": "SECRET-A-ALBUM caption"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Media.SetLogo(ctx, op, sitecore.Actor{}, siteID, media.Upload{Name: "logo.png", Length: -1,
		Body: bytes.NewReader(smallPNG(t))}); err != nil {
		t.Fatal(err)
	}
	return m.ID, fmt.Sprint(al.ID), fmt.Sprint(it.ID)
}

// quotaOf reads the site's quota through the API as its owner.
func quotaOf(t *testing.T, s *stack, site int64, cookie string) (used, limit, left int64) {
	t.Helper()
	r := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/quota", site), nil, "Cookie", cookie)
	if r.Status != 200 {
		t.Fatalf("quota: %d %s", r.Status, r.Body)
	}
	q := r.JSON(t)["quota"].(map[string]any)
	return int64(q["used_bytes"].(float64)), int64(q["limit_bytes"].(float64)), int64(q["left_bytes"].(float64))
}

func countRows(t testing.TB, s *stack, q string, args ...any) int {
	t.Helper()
	var n int
	if err := s.App.DB.Pool.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func gridFSFiles(t *testing.T, s *stack, bucket string) int64 {
	t.Helper()
	n, err := s.App.Content.Database().Collection(bucket+".files").CountDocuments(context.Background(), map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func get(t *testing.T, r response, key string) map[string]any {
	t.Helper()
	m, ok := r.JSON(t)[key].(map[string]any)
	if !ok {
		t.Fatalf("no %s in %s", key, r.Body)
	}
	return m
}

func mustStatus(t *testing.T, r response, want int, what string) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: %d, want %d: %.400s", what, r.Status, want, r.Body)
	}
}

func imageSize(t *testing.T, data []byte) (int, int) {
	t.Helper()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not an image: %v", err)
	}
	return cfg.Width, cfg.Height
}
