package media

import (
	"bytes"
	"context"
	"io"

	"github.com/mektep/mektep/sitecore"
)

// store sniffs, caps, meters and stores one upload with its thumbnail and records it. want,
// if set, is the only kind accepted (the logo must be an image). On any failure every byte
// stored is deleted and every byte reserved is released.
func (s *Service) store(ctx context.Context, siteID, userID int64, in Upload, want sitecore.MediaKind) (m *sitecore.MediaItem, err error) {
	const field = "file"
	head := make([]byte, sitecore.SniffLen)
	n, rerr := io.ReadFull(in.Body, head)
	if rerr != nil && rerr != io.ErrUnexpectedEOF && rerr != io.EOF {
		return nil, sitecore.Invalid(field, "field.required")
	}
	head = head[:n]
	if n == 0 {
		return nil, sitecore.Invalid(field, "field.required")
	}
	t, ok := sitecore.SniffMedia(head, in.Name)
	switch {
	case !ok:
		return nil, sitecore.Invalid(field, "media.file_type")
	case want == sitecore.MediaImage && t.Kind != sitecore.MediaImage:
		return nil, sitecore.Invalid(field, "media.not_image")
	}
	limit := s.MaxSize(t.Kind)
	if in.Length > limit {
		return nil, sizeLimit(field, limit)
	}

	meter := sitecore.NewMeter(ctx, s.Quota, siteID, field, io.MultiReader(bytes.NewReader(head), in.Body))
	if in.Length > 0 {
		if err := meter.Prereserve(in.Length); err != nil {
			return nil, err
		}
	}
	var stored []string // GridFS files to delete if anything fails
	defer func() {
		if err == nil {
			return
		}
		bg := context.WithoutCancel(ctx)
		for _, f := range stored {
			_ = s.Blobs.Delete(bg, f)
		}
		_ = meter.Abort()
	}()

	name := sitecore.SanitizeFileName(in.Name, t)
	lr := &io.LimitedReader{R: meter, N: limit + 1}
	// An image's bytes are kept while they stream to the store (up to ThumbSourceMax), so
	// the thumbnail is made from them instead of reading the file back.
	var body io.Reader = lr
	var kept *cappedBuffer
	if keep := s.thumbSourceMax(); t.Kind == sitecore.MediaImage && keep > 0 {
		kept = &cappedBuffer{max: keep}
		if in.Length > 0 && in.Length <= int64(keep) {
			kept.buf = make([]byte, 0, in.Length) // a declared length: one allocation
		}
		body = io.TeeReader(lr, kept)
	}
	fileID, size, err := s.Blobs.Put(ctx, siteID, name, t.ContentType, body)
	if err != nil {
		return nil, err
	}
	stored = append(stored, fileID)
	if size > limit {
		return nil, sizeLimit(field, limit)
	}
	if err := meter.Settle(size); err != nil {
		return nil, err
	}

	m = &sitecore.MediaItem{ID: newID(), SiteID: siteID, Name: name, ContentType: t.ContentType, Kind: t.Kind,
		Size: size, FileID: fileID, CreatedBy: userID}
	if t.Kind == sitecore.MediaImage {
		thumbID, err := s.thumbnail(ctx, m, meter, kept.Bytes())
		if err != nil {
			return nil, err
		}
		if thumbID != "" {
			stored = append(stored, thumbID)
		}
	}
	if err := s.Store.AddMedia(ctx, m); err != nil {
		return nil, err
	}
	return m, nil
}

// DefaultThumbSourceMax is the largest image whose bytes an upload keeps in memory for its
// thumbnail; a larger one is read back from the store. (Decoding needs the pixels in memory
// anyway, bounded by maxPixels.)
const DefaultThumbSourceMax = 12 << 20

func (s *Service) thumbSourceMax() int {
	if s.ThumbSourceMax == 0 {
		return DefaultThumbSourceMax
	}
	return s.ThumbSourceMax
}

// cappedBuffer keeps what is written to it until more than max bytes arrive; from then on it
// keeps nothing. Writes never fail, so it can tee a stream without ever breaking it.
type cappedBuffer struct {
	max  int
	buf  []byte
	over bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if !b.over {
		if len(b.buf)+len(p) > b.max {
			b.over, b.buf = true, nil
		} else {
			b.buf = append(b.buf, p...)
		}
	}
	return len(p), nil
}

// Bytes returns everything written, or nil when it was more than max.
func (b *cappedBuffer) Bytes() []byte {
	if b == nil || b.over {
		return nil
	}
	return b.buf
}
