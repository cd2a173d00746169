package media

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// Default size caps of one file.
const (
	DefaultMaxFile  int64 = 20 << 20  // images and documents
	DefaultMaxVideo int64 = 200 << 20 // video
)

var mediaResource = sitecore.Resource{Section: sitecore.SectionMedia}

// Service is a site's media library.
type Service struct {
	Store sitecore.MediaStore
	Blobs sitecore.MediaBlobs
	Quota sitecore.SpaceKeeper
	Audit Auditor
	// OnChange is told when something public changes (the logo), so caches drop the site.
	OnChange func(siteID int64)
	// MaxFile and MaxVideo cap one upload (DefaultMaxFile, DefaultMaxVideo if 0).
	MaxFile, MaxVideo int64
	// ThumbSourceMax is the largest image kept in memory while it uploads, so its thumbnail
	// is made without reading it back (DefaultThumbSourceMax if 0; below 0: always read back).
	ThumbSourceMax int
	Log            *slog.Logger
}

var _ sitecore.MediaFinder = (*Service)(nil)

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// MaxSize returns the size cap of a kind of media.
func (s *Service) MaxSize(k sitecore.MediaKind) int64 {
	if k == sitecore.MediaVideo {
		if s.MaxVideo > 0 {
			return s.MaxVideo
		}
		return DefaultMaxVideo
	}
	if s.MaxFile > 0 {
		return s.MaxFile
	}
	return DefaultMaxFile
}

// Authorize checks an action in the media section before a handler reads an upload's body.
func (s *Service) Authorize(p *sitecore.Principal, siteID int64, a sitecore.Action) error {
	return sitecore.Authorize(p, siteID, a, mediaResource)
}

// Upload is a file being uploaded: its name as the client gave it, the declared length
// (-1 when unknown) and the body.
type Upload struct {
	Name   string
	Length int64
	Body   io.Reader
}

// Upload stores a file in the library (media:edit). The type is sniffed from the content,
// the size capped per kind, the name sanitized, the bytes reserved from the quota as they
// arrive; images get a thumbnail. Nothing is kept when a check fails.
func (s *Service) Upload(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in Upload) (*sitecore.MediaItem, error) {
	if err := s.Authorize(p, siteID, sitecore.ActionEdit); err != nil {
		return nil, err
	}
	m, err := s.store(ctx, siteID, p.UserID, in, "")
	if err != nil {
		return nil, err
	}
	audit(ctx, s.Audit, a, siteID, "media.upload", m.ID+" "+m.Name)
	return m, nil
}

// Find returns the site's media item; another site's is not found. It checks no access:
// the CMS calls it to validate a reference the caller was already allowed to make, and the
// files are public on the site anyway.
func (s *Service) Find(ctx context.Context, siteID int64, id string) (*sitecore.MediaItem, error) {
	if !validID(id) {
		return nil, sitecore.NotFound("media")
	}
	return s.Store.FindMedia(ctx, siteID, id)
}

// Get returns one item (media:view).
func (s *Service) Get(ctx context.Context, p *sitecore.Principal, siteID int64, id string) (*sitecore.MediaItem, error) {
	if err := s.Authorize(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	return s.Find(ctx, siteID, id)
}

// MediaPage is a page of the library.
type MediaPage struct {
	Items  []*sitecore.MediaItem `json:"items"`
	Total  int                   `json:"total"`
	Limit  int                   `json:"limit"`
	Offset int                   `json:"offset"`
}

// List returns a page of the library, newest first (media:view).
func (s *Service) List(ctx context.Context, p *sitecore.Principal, siteID int64, f sitecore.MediaFilter) (*MediaPage, error) {
	if err := s.Authorize(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	switch {
	case f.Limit <= 0:
		f.Limit = 50
	case f.Limit > 200:
		f.Limit = 200
	}
	if f.Offset < 0 {
		return nil, sitecore.Invalid("offset", "field.type", "want", "a number ≥ 0")
	}
	items, total, err := s.Store.ListMedia(ctx, siteID, f)
	if err != nil {
		return nil, err
	}
	return &MediaPage{Items: items, Total: total, Limit: f.Limit, Offset: f.Offset}, nil
}

// maxAlt bounds an alternative text.
const maxAlt = 300

// SetAlt stores a file's alternative texts per language (media:edit): languages the
// platform supports, trimmed, at most maxAlt characters each; empty texts are dropped.
func (s *Service) SetAlt(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, id string, alt map[string]string) (*sitecore.MediaItem, error) {
	if err := s.Authorize(p, siteID, sitecore.ActionEdit); err != nil {
		return nil, err
	}
	m, err := s.Find(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	out := map[sitecore.Lang]string{}
	for k, text := range alt {
		l := sitecore.Lang(k)
		if !l.Supported() {
			return nil, sitecore.Invalid("alt."+k, "lang.unsupported", "value", k)
		}
		text = strings.TrimSpace(text)
		if !utf8.ValidString(text) || utf8.RuneCountInString(text) > maxAlt {
			return nil, sitecore.Invalid("alt."+k, "field.too_long", "max", strconv.Itoa(maxAlt))
		}
		if text != "" {
			out[l] = text
		}
	}
	if err := s.Store.SetMediaAlt(ctx, siteID, m.ID, out); err != nil {
		return nil, err
	}
	m.Alt = out
	s.changed(siteID)
	audit(ctx, s.Audit, a, siteID, "media.alt", m.ID)
	return m, nil
}

// Delete removes a file and its thumbnail and gives their bytes back to the quota
// (media:edit). A file in use — the logo, a gallery item — is refused with EConflict.
func (s *Service) Delete(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, id string) error {
	if err := s.Authorize(p, siteID, sitecore.ActionEdit); err != nil {
		return err
	}
	m, err := s.Find(ctx, siteID, id)
	if err != nil {
		return err
	}
	if err := s.remove(ctx, m); err != nil {
		return err
	}
	audit(ctx, s.Audit, a, siteID, "media.delete", m.ID+" "+m.Name)
	return nil
}

// remove deletes the record (refused while in use), then the bytes, then releases the quota.
func (s *Service) remove(ctx context.Context, m *sitecore.MediaItem) error {
	if err := s.Store.DeleteMedia(ctx, m.SiteID, m.ID); err != nil {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	for _, f := range []string{m.FileID, m.ThumbFileID} {
		if f == "" {
			continue
		}
		if err := s.Blobs.Delete(ctx, f); err != nil {
			// The record is gone, so the file is unreachable; log it for cleanup.
			s.log().ErrorContext(ctx, "media file not deleted", "site", m.SiteID, "file", f, "error", err)
		}
	}
	return s.Quota.Release(ctx, m.SiteID, m.StoredBytes())
}

// Open returns a public file of the site (or its thumbnail) for serving.
func (s *Service) Open(ctx context.Context, siteID int64, id string, thumb bool) (*sitecore.MediaItem, io.ReadSeekCloser, error) {
	m, err := s.Find(ctx, siteID, id)
	if err != nil {
		return nil, nil, err
	}
	file := m.FileID
	if thumb {
		if m.ThumbFileID == "" {
			return nil, nil, sitecore.NotFound("media")
		}
		file = m.ThumbFileID
	}
	rc, _, err := s.Blobs.Open(ctx, siteID, file)
	if err != nil {
		return nil, nil, err
	}
	return m, rc, nil
}

// SetLogo uploads an image and makes it the site's logo (media:publish: the logo is on every
// public page). The previous logo's file is deleted unless a gallery uses it.
func (s *Service) SetLogo(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in Upload) (*sitecore.MediaItem, error) {
	if err := s.Authorize(p, siteID, sitecore.ActionPublish); err != nil {
		return nil, err
	}
	m, err := s.store(ctx, siteID, p.UserID, in, sitecore.MediaImage)
	if err != nil {
		return nil, err
	}
	prev, err := s.Store.SetLogo(ctx, siteID, m.ID)
	if err != nil {
		_ = s.remove(context.WithoutCancel(ctx), m)
		return nil, err
	}
	s.dropOldLogo(ctx, siteID, prev)
	s.changed(siteID)
	audit(ctx, s.Audit, a, siteID, "logo.set", m.ID)
	return m, nil
}

// ClearLogo removes the site's logo (media:publish) and deletes its file unless a gallery
// uses it. A site without a logo is ENotFound.
func (s *Service) ClearLogo(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64) error {
	if err := s.Authorize(p, siteID, sitecore.ActionPublish); err != nil {
		return err
	}
	prev, err := s.Store.SetLogo(ctx, siteID, "")
	if err != nil {
		return err
	}
	if prev == "" {
		return sitecore.NotFound("media")
	}
	s.dropOldLogo(ctx, siteID, prev)
	s.changed(siteID)
	audit(ctx, s.Audit, a, siteID, "logo.clear", prev)
	return nil
}

func (s *Service) dropOldLogo(ctx context.Context, siteID int64, id string) {
	if id == "" {
		return
	}
	old, err := s.Store.FindMedia(ctx, siteID, id)
	if err != nil {
		return
	}
	if err := s.remove(ctx, old); err != nil && sitecore.ErrorCode(err) != sitecore.EConflict {
		s.log().WarnContext(ctx, "old logo not removed", "site", siteID, "media", id, "error", err)
	}
}

func (s *Service) changed(siteID int64) {
	if s.OnChange != nil {
		s.OnChange(siteID)
	}
}

// newID returns a random media ID: 16 bytes in hex, so a site's files cannot be guessed.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// validID reports whether id can be a media ID (before asking the database).
func validID(id string) bool {
	if len(id) != 32 {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil
}

// sizeLimit is the ETooLarge error of a file over its kind's cap.
func sizeLimit(field string, limit int64) error {
	return &sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large", Field: field,
		Args: map[string]string{"limit": strconv.FormatInt(limit>>20, 10) + " MiB"}}
}

// StoreImage stores an image a person put in a post of another service that has already
// decided they may (a school community's member writing in its forums): the same sniffing,
// size cap and quota as Upload, images only, audited.
func (s *Service) StoreImage(ctx context.Context, a sitecore.Actor, siteID, userID int64, in Upload) (*sitecore.MediaItem, error) {
	m, err := s.store(ctx, siteID, userID, in, sitecore.MediaImage)
	if err != nil {
		return nil, err
	}
	audit(ctx, s.Audit, a, siteID, "media.upload", m.ID+" "+m.Name)
	return m, nil
}
