package sitecore

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Album is a gallery album of a site: photos and videos with a title and description in the
// site's languages. Only published albums are shown to visitors.
type Album struct {
	ID          int64           `json:"id"`
	SiteID      int64           `json:"site_id"`
	Slug        string          `json:"slug"`
	Title       map[Lang]string `json:"title"`
	Description map[Lang]string `json:"description"`
	Position    int             `json:"position"`
	Published   bool            `json:"published"`
	ItemCount   int             `json:"item_count"`
	// Cover is the first photo's thumbnail, for album lists.
	Cover     *MediaItem  `json:"cover,omitempty"`
	Items     []AlbumItem `json:"items,omitempty"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// AlbumPath is the public path of an album in a language, e.g. "/kk/gallery/nauryz".
func AlbumPath(l Lang, slug string) string { return "/" + string(l) + "/gallery/" + slug }

// AlbumItemKind says what an album item shows.
type AlbumItemKind string

// Album item kinds.
const (
	ItemPhoto AlbumItemKind = "photo" // an image of the media library
	ItemVideo AlbumItemKind = "video" // a video of the media library
	ItemEmbed AlbumItemKind = "embed" // a YouTube or Vimeo video, shown in an iframe
)

// AlbumItem is a photo or a video of an album with its caption in the site's languages.
// For embeds only the provider and the video ID are stored; the page builds the canonical
// embed URL from them, so a submitted URL never reaches the page.
type AlbumItem struct {
	ID       int64           `json:"id"`
	AlbumID  int64           `json:"album_id"`
	Kind     AlbumItemKind   `json:"kind"`
	MediaID  string          `json:"media_id,omitempty"`
	Media    *MediaItem      `json:"media,omitempty"`
	Provider string          `json:"provider,omitempty"` // youtube | vimeo
	VideoID  string          `json:"video_id,omitempty"`
	VideoKey string          `json:"-"` // Vimeo's privacy hash of unlisted videos
	EmbedURL string          `json:"embed_url,omitempty"`
	Caption  map[Lang]string `json:"caption"`
	Position int             `json:"position"`
}

// GalleryStore keeps albums and their items. Every method takes the site; another site's
// album is ENotFound.
type GalleryStore interface {
	// CreateAlbum stores an album at the end of the list; a taken slug is EConflict.
	CreateAlbum(ctx context.Context, a *Album) error
	// UpdateAlbum changes slug, title, description and position; a taken slug is EConflict.
	UpdateAlbum(ctx context.Context, a *Album) error
	// SetAlbumPublished publishes or hides an album.
	SetAlbumPublished(ctx context.Context, siteID, id int64, published bool) error
	// DeleteAlbum removes an album with its items (not their media).
	DeleteAlbum(ctx context.Context, siteID, id int64) error
	// FindAlbum returns an album with its items in order, media filled in.
	FindAlbum(ctx context.Context, siteID, id int64) (*Album, error)
	// FindAlbumBySlug is FindAlbum by slug.
	FindAlbumBySlug(ctx context.Context, siteID int64, slug string) (*Album, error)
	// ListAlbums returns the site's albums in order, without items, with their covers.
	ListAlbums(ctx context.Context, siteID int64, publishedOnly bool) ([]*Album, error)
	// AddAlbumItem appends an item; its media must be the site's.
	AddAlbumItem(ctx context.Context, siteID int64, it *AlbumItem) error
	// UpdateAlbumItem changes an item's caption.
	UpdateAlbumItem(ctx context.Context, siteID int64, it *AlbumItem) error
	// DeleteAlbumItem removes an item.
	DeleteAlbumItem(ctx context.Context, siteID, albumID, itemID int64) error
	// ReorderAlbumItems sets the order of the album's items; ids must be exactly its items.
	ReorderAlbumItems(ctx context.Context, siteID, albumID int64, ids []int64) error
}

var (
	youtubeIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	vimeoIDRE   = regexp.MustCompile(`^[0-9]{1,12}$`)
	vimeoKeyRE  = regexp.MustCompile(`^[0-9a-f]{6,20}$`)
)

// ParseVideoURL recognises a YouTube or Vimeo video address (watch, short, embed and share
// forms, http or https) and returns the provider and the video ID, plus Vimeo's privacy
// hash of an unlisted video. Anything else — other hosts, other schemes such as
// javascript:, malformed IDs — is refused.
func ParseVideoURL(raw string) (provider, id, key string, ok bool) {
	raw = strings.TrimSpace(raw)
	if len(raw) > 500 {
		return "", "", "", false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.Port() != "" {
		return "", "", "", false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	parts := strings.FieldsFunc(u.EscapedPath(), func(r rune) bool { return r == '/' })
	switch host {
	case "youtube.com", "m.youtube.com", "youtube-nocookie.com":
		switch {
		case len(parts) == 1 && parts[0] == "watch":
			id = u.Query().Get("v")
		case len(parts) == 2 && (parts[0] == "embed" || parts[0] == "shorts" || parts[0] == "live" || parts[0] == "v"):
			id = parts[1]
		}
		if youtubeIDRE.MatchString(id) {
			return "youtube", id, "", true
		}
	case "youtu.be":
		if len(parts) == 1 && youtubeIDRE.MatchString(parts[0]) {
			return "youtube", parts[0], "", true
		}
	case "vimeo.com", "player.vimeo.com":
		// vimeo.com/ID[/HASH], vimeo.com/channels/NAME/ID, vimeo.com/groups/NAME/videos/ID,
		// player.vimeo.com/video/ID?h=HASH
		for i, p := range parts {
			if !vimeoIDRE.MatchString(p) {
				continue
			}
			prefixOK := (host == "vimeo.com" && (i == 0 || (i == 2 && parts[0] == "channels") ||
				(i == 3 && parts[0] == "groups" && parts[2] == "videos"))) ||
				(host == "player.vimeo.com" && i == 1 && parts[0] == "video")
			if !prefixOK {
				break
			}
			key = u.Query().Get("h")
			if i+1 < len(parts) {
				key = parts[i+1]
			}
			if key != "" && !vimeoKeyRE.MatchString(key) {
				return "", "", "", false
			}
			if i+2 < len(parts) {
				return "", "", "", false
			}
			return "vimeo", p, key, true
		}
	}
	return "", "", "", false
}

// EmbedURL is the only address an embedded video is shown from: YouTube's privacy-enhanced
// player or Vimeo's player, built from a validated ID.
func EmbedURL(provider, id, key string) string {
	switch provider {
	case "youtube":
		if youtubeIDRE.MatchString(id) {
			return "https://www.youtube-nocookie.com/embed/" + id
		}
	case "vimeo":
		if vimeoIDRE.MatchString(id) {
			if key != "" && vimeoKeyRE.MatchString(key) {
				return "https://player.vimeo.com/video/" + id + "?h=" + key
			}
			return "https://player.vimeo.com/video/" + id
		}
	}
	return ""
}
