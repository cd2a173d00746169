package media

import (
	"bytes"
	"context"
	"errors"
	"image"
	_ "image/gif" // decoders of the accepted image types
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"

	"github.com/mektep/mektep/sitecore"
)

// Thumbnail limits.
const (
	ThumbBox = 480 // a thumbnail fits in ThumbBox×ThumbBox pixels
	// maxPixels bounds the images decoded for a thumbnail (a decoded 40-megapixel image
	// takes 160 MB); larger ones are kept without a thumbnail.
	maxPixels = 40_000_000
)

// thumbnail decodes the image — from data, the bytes the upload kept, or else read back
// from the store — records its dimensions, and stores a thumbnail re-encoded from the pixels
// (so no EXIF or other metadata survives). The thumbnail's bytes are reserved through the
// upload's meter; when they do not fit, or the image cannot be decoded, the item simply has
// no thumbnail. It returns the thumbnail's file ID or "".
func (s *Service) thumbnail(ctx context.Context, m *sitecore.MediaItem, meter *sitecore.Meter, data []byte) (string, error) {
	var r io.ReadSeeker
	if data != nil && int64(len(data)) == m.Size {
		r = bytes.NewReader(data)
	} else {
		rc, _, err := s.Blobs.Open(ctx, m.SiteID, m.FileID)
		if err != nil {
			return "", err
		}
		defer rc.Close()
		r = rc
	}
	src, cfg, err := decodeImage(r)
	m.Width, m.Height = cfg.Width, cfg.Height // zero when even the header is unreadable
	var seekErr errImageSeek
	switch {
	case errors.As(err, &seekErr):
		return "", err
	case err != nil:
		s.log().InfoContext(ctx, "image not decodable; no thumbnail", "site", m.SiteID, "media", m.ID, "error", err)
		return "", nil
	case src == nil:
		return "", nil
	}
	data, ctype, err := Thumbnail(src)
	if err != nil {
		return "", sitecore.Internal("thumbnail", err)
	}
	if err := meter.Prereserve(int64(len(data))); err != nil {
		if sitecore.ErrorCode(err) == sitecore.ETooLarge {
			return "", nil // no room for the thumbnail: the original is enough
		}
		return "", err
	}
	id, size, err := s.Blobs.Put(ctx, m.SiteID, "thumb-"+m.Name, ctype, bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	m.ThumbFileID, m.ThumbSize, m.ThumbType = id, size, ctype
	m.FillURLs()
	return id, nil
}

// errImageSeek is returned when a stored image cannot be read from its start again.
type errImageSeek struct{ err error }

func (e errImageSeek) Error() string { return "image: seek: " + e.err.Error() }
func (e errImageSeek) Unwrap() error { return e.err }

// decodeImage reads an uploaded image's header and, when it is no larger than maxPixels,
// its pixels. These are the bytes of a stranger: cfg is what the header claims, and src is
// nil (with no error) for an image too large to decode.
func decodeImage(r io.ReadSeeker) (src image.Image, cfg image.Config, err error) {
	if cfg, _, err = image.DecodeConfig(r); err != nil {
		return nil, cfg, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, cfg, nil
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, cfg, errImageSeek{err}
	}
	src, _, err = image.Decode(r)
	return src, cfg, err
}

// Thumbnail scales src to fit ThumbBox×ThumbBox (never up) with a Catmull-Rom filter and
// encodes it: PNG when it has transparency, JPEG otherwise.
func Thumbnail(src image.Image) ([]byte, string, error) {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > ThumbBox || h > ThumbBox {
		if w >= h {
			w, h = ThumbBox, max(1, h*ThumbBox/b.Dx())
		} else {
			w, h = max(1, w*ThumbBox/b.Dy()), ThumbBox
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	var buf bytes.Buffer
	if !dst.Opaque() {
		err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, dst)
		return buf.Bytes(), "image/png", err
	}
	err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 82})
	return buf.Bytes(), "image/jpeg", err
}
