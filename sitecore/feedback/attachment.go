package feedback

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// MaxAttachment is the largest file a message may carry.
const MaxAttachment = 5 << 20

// attachmentTypes are the files the form takes, told from the content (the name and the
// declared type are never trusted): documents and screenshots.
var attachmentTypes = map[string]bool{
	"application/pdf": true, "image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true,
	"text/plain; charset=utf-8": true,
}

// attachmentTooLarge is the refusal of a file over MaxAttachment.
func attachmentTooLarge() error {
	return &sitecore.Error{Code: sitecore.ETooLarge, Key: "feedback.file_too_large", Field: "file",
		Args: map[string]string{"limit": strconv.Itoa(MaxAttachment>>20) + " MiB"}}
}

// storeAttachment keeps the file of a message being submitted; nothing is kept when a check
// fails.
func (s *Service) storeAttachment(ctx context.Context, siteID int64, name string, r io.Reader) (*sitecore.FeedbackAttachment, error) {
	if s.Files == nil {
		return nil, sitecore.Invalid("file", "feedback.file_type")
	}
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	if name == "." || name == "/" || name == "" || !utf8.ValidString(name) {
		name = "file"
	}
	if utf8.RuneCountInString(name) > MaxName {
		name = string([]rune(name)[:MaxName])
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if n == 0 || (err != nil && err != io.ErrUnexpectedEOF && err != io.EOF) {
		return nil, sitecore.Invalid("file", "feedback.file_type")
	}
	ctype := http.DetectContentType(head[:n])
	if !attachmentTypes[ctype] {
		return nil, sitecore.Invalid("file", "feedback.file_type")
	}
	id, size, err := s.Files.Put(ctx, siteID, name, ctype, io.MultiReader(bytes.NewReader(head[:n]), r), MaxAttachment)
	if sitecore.ErrorCode(err) == sitecore.ETooLarge {
		return nil, attachmentTooLarge()
	} else if err != nil {
		return nil, err
	}
	return &sitecore.FeedbackAttachment{FileID: id, Name: name, ContentType: ctype, Size: size}, nil
}

// open reads a message's attachment.
func (s *Service) open(ctx context.Context, m *sitecore.FeedbackMessage) (*sitecore.FeedbackAttachment, io.ReadCloser, error) {
	if m.Attachment == nil || s.Files == nil {
		return nil, nil, sitecore.NotFound("attachment")
	}
	rc, err := s.Files.Open(ctx, m.SiteID, m.Attachment.FileID)
	if err != nil {
		return nil, nil, err
	}
	return m.Attachment, rc, nil
}

// OpenAttachment returns a message's attachment for the panel.
func (s *Service) OpenAttachment(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*sitecore.FeedbackAttachment, io.ReadCloser, error) {
	t, err := s.Get(ctx, p, siteID, id)
	if err != nil {
		return nil, nil, err
	}
	return s.open(ctx, t.Message)
}

// AttachmentByToken returns a message's attachment to whoever holds the thread's link.
func (s *Service) AttachmentByToken(ctx context.Context, siteID, id int64, token string) (*sitecore.FeedbackAttachment, io.ReadCloser, error) {
	t, err := s.ThreadByToken(ctx, siteID, id, token)
	if err != nil {
		return nil, nil, err
	}
	return s.open(ctx, t.Message)
}
