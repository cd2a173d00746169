package admissions

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// MaxDocumentSize is the largest document a family may upload.
const MaxDocumentSize = 10 << 20

// sniff tells a document's type from its first bytes; the name and the declared type are
// never trusted. Only PDF, JPEG and PNG are accepted.
func sniff(head []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "application/pdf", true
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg", true
	case bytes.HasPrefix(head, []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}):
		return "image/png", true
	}
	return "", false
}

// UploadDocument stores a document of the caller's application. The kind must be one the
// campaign requires; the content must really be a PDF, JPEG or PNG; at most
// MaxDocumentSize bytes. Nothing is kept when any check fails.
func (s *Service) UploadDocument(ctx context.Context, p *sitecore.Principal, appID int64, kind string, r io.Reader) (*sitecore.AppDocument, error) {
	app, err := s.own(ctx, p, appID)
	if err != nil {
		return nil, err
	}
	if !slices.Contains([]sitecore.AdmissionStatus{sitecore.AppSubmitted, sitecore.AppDocumentsCheck, sitecore.AppDocumentsFix}, app.Status) {
		return nil, sitecore.Conflictf("status", "admission.state", "value", string(app.Status))
	}
	c, err := s.Store.FindCampaign(ctx, app.SiteID, app.CampaignID)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(c.RequiredDocuments, kind) && !(kind == PriorityDocument && app.Priority != "") {
		return nil, sitecore.Invalid("kind", "admission.document_kind", "value", kind)
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, sitecore.Invalid("file", "field.required")
	}
	head = head[:n]
	ctype, ok := sniff(head)
	if !ok {
		return nil, sitecore.Invalid("file", "admission.file_type")
	}
	body := io.MultiReader(bytes.NewReader(head), r)
	var meter *sitecore.Meter
	if s.Quota != nil { // the site's disk quota is reserved before the bytes are stored
		meter = sitecore.NewMeter(ctx, s.Quota, app.SiteID, "file", body)
		body = meter
	}
	id, size, err := s.Files.Put(ctx, app.SiteID, kind, ctype, body, MaxDocumentSize)
	if err != nil {
		if meter != nil {
			_ = meter.Abort()
		}
		if e := sitecore.AsError(err); e.Code == sitecore.ETooLarge && e.Key == "body.too_large" {
			return nil, &sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large", Field: "file",
				Args: map[string]string{"limit": strconv.Itoa(MaxDocumentSize>>20) + " MiB"}}
		}
		return nil, err
	}
	if meter != nil {
		_ = meter.Settle(size)
	}
	d := &sitecore.AppDocument{ApplicationID: appID, Kind: kind, FileID: id, ContentType: ctype, Size: size}
	if err := s.Docs.AddDocument(ctx, d); err != nil {
		_ = s.Files.Delete(context.WithoutCancel(ctx), id)
		if meter != nil {
			_ = meter.Abort()
		}
		return nil, err
	}
	s.replaceDocuments(ctx, app.SiteID, d)
	return d, nil
}

// DocumentReplacer finds and removes the unreviewed documents a new upload replaces
// (postgres.DB implements it).
type DocumentReplacer interface {
	SupersededDocuments(ctx context.Context, appID int64, kind string) ([]sitecore.AppDocument, error)
	DeleteDocument(ctx context.Context, appID, docID int64) (bool, error)
}

// replaceDocuments removes the documents of d's kind that nobody reviewed yet — d replaces
// them — with their files, and gives their bytes back to the quota. Reviewed documents
// (accepted or rejected, with the school's remark) stay as the application's history.
func (s *Service) replaceDocuments(ctx context.Context, siteID int64, d *sitecore.AppDocument) {
	if s.Replaced == nil {
		return
	}
	ctx = context.WithoutCancel(ctx)
	old, err := s.Replaced.SupersededDocuments(ctx, d.ApplicationID, d.Kind)
	if err != nil {
		return
	}
	for _, o := range old {
		if o.ID == d.ID {
			continue
		}
		if ok, err := s.Replaced.DeleteDocument(ctx, o.ApplicationID, o.ID); err != nil || !ok {
			continue
		}
		_ = s.Files.Delete(ctx, o.FileID)
		if s.Quota != nil {
			_ = s.Quota.Release(ctx, siteID, o.Size)
		}
	}
}

// OpenDocument returns a document of the site's application for the school (admissions:view).
func (s *Service) OpenDocument(ctx context.Context, p *sitecore.Principal, siteID, appID, docID int64) (*sitecore.AppDocument, io.ReadCloser, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section); err != nil {
		return nil, nil, err
	}
	if _, err := s.Store.FindApplication(ctx, siteID, appID); err != nil {
		return nil, nil, err
	}
	docs, err := s.Docs.Documents(ctx, appID)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(docs, func(d sitecore.AppDocument) bool { return d.ID == docID })
	if i < 0 {
		return nil, nil, sitecore.NotFound("document")
	}
	rc, err := s.Files.Open(ctx, siteID, docs[i].FileID)
	if err != nil {
		return nil, nil, err
	}
	return &docs[i], rc, nil
}

// ReviewDocument accepts or rejects one document with a remark (admissions:edit).
func (s *Service) ReviewDocument(ctx context.Context, p *sitecore.Principal, siteID, appID, docID int64, accepted bool, remark string) error {
	if err := s.mayDecide(ctx, p, siteID, appID); err != nil {
		return err
	}
	remark = strings.TrimSpace(remark)
	if !accepted && remark == "" {
		return sitecore.Invalid("remark", "field.required")
	}
	if utf8.RuneCountInString(remark) > maxText {
		return sitecore.Invalid("remark", "field.too_long", "max", strconv.Itoa(maxText))
	}
	return s.Docs.ReviewDocument(ctx, appID, docID, accepted, remark)
}
