package helpdesk

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
)

// allowedTypes are the attachment types the helpdesk takes, told from the content (the
// name and the declared type are never trusted): documents and screenshots.
var allowedTypes = map[string]bool{
	"application/pdf": true, "image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true,
	"text/plain; charset=utf-8": true,
}

// sniff tells an attachment's type from its first bytes.
func sniff(head []byte) (string, bool) {
	if len(head) == 0 {
		return "", false
	}
	ct := http.DetectContentType(head)
	return ct, allowedTypes[ct]
}

// Attach stores a file on the ticket (its requester or an agent): at most MaxAttachment
// bytes of PDF, JPEG, PNG, GIF, WebP or UTF-8 text, and at most maxAttachments per ticket.
// Nothing is kept when a check fails.
func (s *Service) Attach(ctx context.Context, p *sitecore.Principal, id int64, name string, r io.Reader) (*sitecore.TicketAttachment, error) {
	t, _, err := s.visible(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if t.Status == sitecore.TicketClosed {
		return nil, sitecore.Conflictf("status", "helpdesk.state", "value", string(t.Status))
	}
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	if name, err = text("name", name, maxAttachName, true); err != nil || name == "." || name == "/" {
		return nil, sitecore.Invalid("name", "field.required")
	}
	existing, err := s.Store.Attachments(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(existing) >= maxAttachments {
		return nil, sitecore.Invalid("file", "helpdesk.attachments_max", "max", strconv.Itoa(maxAttachments))
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, sitecore.Invalid("file", "field.required")
	}
	ctype, ok := sniff(head[:n])
	if !ok {
		return nil, sitecore.Invalid("file", "helpdesk.file_type")
	}
	fileID, size, err := s.Files.Put(ctx, t.SiteID, name, ctype, io.MultiReader(bytes.NewReader(head[:n]), r), MaxAttachment)
	if err != nil {
		if sitecore.ErrorCode(err) == sitecore.ETooLarge {
			return nil, TooLarge()
		}
		return nil, err
	}
	a := &sitecore.TicketAttachment{TicketID: id, UploaderID: p.UserID, FileID: fileID, Name: name, ContentType: ctype, Size: size}
	if err := s.Store.AddAttachment(ctx, a); err != nil {
		_ = s.Files.Delete(context.WithoutCancel(ctx), fileID)
		return nil, err
	}
	return a, nil
}

// TooLarge is the error of an attachment over MaxAttachment.
func TooLarge() error {
	return &sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large", Field: "file",
		Args: map[string]string{"limit": strconv.Itoa(MaxAttachment>>20) + " MiB"}}
}

// OpenAttachment returns an attachment of a ticket the caller may see.
func (s *Service) OpenAttachment(ctx context.Context, p *sitecore.Principal, id, attID int64) (*sitecore.TicketAttachment, io.ReadCloser, error) {
	t, _, err := s.visible(ctx, p, id)
	if err != nil {
		return nil, nil, err
	}
	as, err := s.Store.Attachments(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	for i := range as {
		if as[i].ID == attID {
			rc, err := s.Files.Open(ctx, t.SiteID, as[i].FileID)
			if err != nil {
				return nil, nil, err
			}
			return &as[i], rc, nil
		}
	}
	return nil, nil, sitecore.NotFound("attachment")
}
