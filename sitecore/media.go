package sitecore

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MediaKind groups media by what visitors do with them.
type MediaKind string

// Media kinds.
const (
	MediaImage    MediaKind = "image"
	MediaVideo    MediaKind = "video"
	MediaDocument MediaKind = "document"
)

// ParseMediaKind validates a kind filter; "" means any kind.
func ParseMediaKind(field, s string) (MediaKind, error) {
	switch k := MediaKind(s); k {
	case "", MediaImage, MediaVideo, MediaDocument:
		return k, nil
	}
	return "", Invalid(field, "media.kind_unknown", "value", s)
}

// MediaItem is a file of a site's media library: an image, a video or a document, stored in
// GridFS and served publicly on the site's hosts at URL (and, for images, a thumbnail at
// ThumbURL). The name is sanitized and its extension matches the sniffed content type.
type MediaItem struct {
	ID          string    `json:"id"`
	SiteID      int64     `json:"site_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Kind        MediaKind `json:"kind"`
	Size        int64     `json:"size"`
	Width       int       `json:"width,omitempty"`
	Height      int       `json:"height,omitempty"`
	URL         string    `json:"url"`
	ThumbURL    string    `json:"thumb_url,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	// Alt is the image's alternative text per language, for visitors who do not see it.
	Alt map[Lang]string `json:"alt,omitempty"`

	// Where the bytes are; internal.
	FileID      string `json:"-"`
	ThumbFileID string `json:"-"`
	ThumbSize   int64  `json:"-"`
	ThumbType   string `json:"-"`
	CreatedBy   int64  `json:"-"`
}

// StoredBytes is what the item counts against the site's quota: the file and its thumbnail.
func (m *MediaItem) StoredBytes() int64 { return m.Size + m.ThumbSize }

// FillURLs sets URL and ThumbURL from the ID and name: /media/{id}/{name} and
// /media/{id}/thumb/{name}. They are site-relative, so they work on every host of the site.
func (m *MediaItem) FillURLs() {
	esc := url.PathEscape(m.Name)
	m.URL = "/media/" + m.ID + "/" + esc
	m.ThumbURL = ""
	if m.ThumbFileID != "" {
		m.ThumbURL = "/media/" + m.ID + "/thumb/" + esc
	}
}

// MediaFilter selects a page of a site's media, newest first.
type MediaFilter struct {
	Kind   MediaKind
	Limit  int
	Offset int
}

// MediaStore keeps the records of media items; the bytes are in a MediaBlobs store.
type MediaStore interface {
	// AddMedia records an item and fills CreatedAt.
	AddMedia(ctx context.Context, m *MediaItem) error
	// FindMedia returns the site's item or ENotFound (also for another site's item).
	FindMedia(ctx context.Context, siteID int64, id string) (*MediaItem, error)
	// ListMedia returns a page of the site's items and how many match in all.
	ListMedia(ctx context.Context, siteID int64, f MediaFilter) ([]*MediaItem, int, error)
	// SetMediaAlt stores the item's alternative texts; another site's item is ENotFound.
	SetMediaAlt(ctx context.Context, siteID int64, id string, alt map[Lang]string) error
	// DeleteMedia removes the record; an item still used (logo, gallery) is EConflict.
	DeleteMedia(ctx context.Context, siteID int64, id string) error
	// SetLogo points the site's logo at an item of the site ("" clears it) and returns the
	// previous logo's ID.
	SetLogo(ctx context.Context, siteID int64, mediaID string) (previous string, err error)
}

// MediaBlobs stores the bytes of media in GridFS. Every file carries its site; reads check it.
type MediaBlobs interface {
	// Put stores r as a file of the site and returns its ID and size.
	Put(ctx context.Context, siteID int64, name, contentType string, r io.Reader) (string, int64, error)
	// Open returns the site's file as a seekable reader (for HTTP range requests) and its size.
	Open(ctx context.Context, siteID int64, fileID string) (io.ReadSeekCloser, int64, error)
	// Delete removes a file.
	Delete(ctx context.Context, fileID string) error
}

// MediaFinder looks up a site's media by ID; the CMS uses it to check references (a logo, a
// news cover, an OG image) before storing them.
type MediaFinder interface {
	// Find returns the site's item or ENotFound (another site's item is not found too).
	Find(ctx context.Context, siteID int64, id string) (*MediaItem, error)
}

// MediaType is an accepted type of upload.
type MediaType struct {
	ContentType string
	Kind        MediaKind
	Ext         string // the extension stored names get, with the dot
}

// Media types the library accepts.
var (
	typeJPEG = MediaType{"image/jpeg", MediaImage, ".jpg"}
	typePNG  = MediaType{"image/png", MediaImage, ".png"}
	typeGIF  = MediaType{"image/gif", MediaImage, ".gif"}
	typeWebP = MediaType{"image/webp", MediaImage, ".webp"}
	typeMP4  = MediaType{"video/mp4", MediaVideo, ".mp4"}
	typeWebM = MediaType{"video/webm", MediaVideo, ".webm"}
	typePDF  = MediaType{"application/pdf", MediaDocument, ".pdf"}
	typeDOCX = MediaType{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", MediaDocument, ".docx"}
	typeXLSX = MediaType{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", MediaDocument, ".xlsx"}
	typePPTX = MediaType{"application/vnd.openxmlformats-officedocument.presentationml.presentation", MediaDocument, ".pptx"}
	typeDOC  = MediaType{"application/msword", MediaDocument, ".doc"}
	typeXLS  = MediaType{"application/vnd.ms-excel", MediaDocument, ".xls"}
	typePPT  = MediaType{"application/vnd.ms-powerpoint", MediaDocument, ".ppt"}
	typeODT  = MediaType{"application/vnd.oasis.opendocument.text", MediaDocument, ".odt"}
	typeODS  = MediaType{"application/vnd.oasis.opendocument.spreadsheet", MediaDocument, ".ods"}
	typeODP  = MediaType{"application/vnd.oasis.opendocument.presentation", MediaDocument, ".odp"}
)

// SniffLen is how many leading bytes SniffMedia wants to see.
const SniffLen = 4096

// SniffMedia tells an upload's type from its first bytes (up to SniffLen). The declared
// content type is never trusted; the file name only chooses between office formats that
// share a container (a .docx and an .xlsx are both ZIP archives of XML). ok is false for
// anything else (executables, HTML, SVG, archives, ...).
func SniffMedia(head []byte, name string) (MediaType, bool) {
	ext := strings.ToLower(path.Ext(name))
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return typeJPEG, true
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return typePNG, true
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return typeGIF, true
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return typeWebP, true
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		if mp4Brands[string(head[8:12])] {
			return typeMP4, true
		}
	case bytes.HasPrefix(head, []byte{0x1A, 0x45, 0xDF, 0xA3}):
		// EBML: WebM names its DocType "webm" in the header; other Matroska files are refused.
		if bytes.Contains(head[:min(len(head), 64)], []byte{0x42, 0x82, 0x84, 'w', 'e', 'b', 'm'}) {
			return typeWebM, true
		}
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return typePDF, true
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		// OLE2 compound file: the legacy Office formats.
		switch ext {
		case ".doc":
			return typeDOC, true
		case ".xls":
			return typeXLS, true
		case ".ppt":
			return typePPT, true
		}
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return sniffZip(head, ext)
	}
	return MediaType{}, false
}

// mp4Brands are the ISO base media major brands of MP4 video (HEIF images and QuickTime
// share the container and are refused).
var mp4Brands = map[string]bool{"isom": true, "iso2": true, "iso3": true, "iso4": true, "iso5": true,
	"iso6": true, "mp41": true, "mp42": true, "avc1": true, "M4V ": true, "M4VH": true, "M4VP": true,
	"dash": true, "mmp4": true, "f4v ": true}

// sniffZip recognises OpenDocument files by their leading "mimetype" entry and Office Open
// XML files by their part names near the start of the archive.
func sniffZip(head []byte, ext string) (MediaType, bool) {
	if len(head) > 38 && string(head[30:38]) == "mimetype" {
		rest := head[38:]
		for _, t := range []MediaType{typeODT, typeODS, typeODP} {
			if bytes.HasPrefix(rest, []byte(t.ContentType)) {
				return t, true
			}
		}
		return MediaType{}, false
	}
	ooxml := bytes.Contains(head, []byte("[Content_Types].xml")) || bytes.Contains(head, []byte("_rels/.rels"))
	part := func(p string) bool { return bytes.Contains(head, []byte(p)) }
	switch {
	case ext == ".docx" && (ooxml || part("word/")):
		return typeDOCX, true
	case ext == ".xlsx" && (ooxml || part("xl/")):
		return typeXLSX, true
	case ext == ".pptx" && (ooxml || part("ppt/")):
		return typePPTX, true
	case part("word/document.xml"):
		return typeDOCX, true
	case part("xl/workbook.xml"):
		return typeXLSX, true
	case part("ppt/presentation.xml"):
		return typePPTX, true
	}
	return MediaType{}, false
}

// maxMediaName is the longest stored file name, in characters.
const maxMediaName = 100

// SanitizeFileName makes an uploaded file's name safe to store and to put in a URL and a
// Content-Disposition header: the last path element only, letters, digits, dots, hyphens and
// underscores (other characters become "_", spaces "-"), no leading dots, at most 100
// characters, and the extension of the sniffed type. An empty result is "file".
func SanitizeFileName(name string, t MediaType) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "_")
	}
	name = strings.TrimLeft(name, ". ")
	base := strings.TrimSuffix(name, path.Ext(name))
	var b strings.Builder
	lastSep := false
	for _, r := range base {
		var out rune
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			out = r
		case r == '.' || r == '-' || r == '_':
			out = r
		case unicode.IsSpace(r):
			out = '-'
		default:
			out = '_'
		}
		sep := out == '-' || out == '_'
		if sep && lastSep {
			continue
		}
		lastSep = sep
		b.WriteRune(out)
	}
	base = strings.Trim(b.String(), ".-_")
	if utf8.RuneCountInString(base) > maxMediaName-len(t.Ext) {
		base = string([]rune(base)[:maxMediaName-len(t.Ext)])
	}
	if base == "" {
		base = "file"
	}
	return base + t.Ext
}

// LogoURL is where public pages load a logo from: the media's thumbnail if it has one (a
// logo is shown small), else the file.
func LogoURL(mediaID, name string, thumb bool) string {
	m := MediaItem{ID: mediaID, Name: name}
	if thumb {
		m.ThumbFileID = "x"
	}
	m.FillURLs()
	if m.ThumbURL != "" {
		return m.ThumbURL
	}
	return m.URL
}
