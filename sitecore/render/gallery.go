package render

import "github.com/mektep/mektep/sitecore"

// GalleryView is the list of a site's published albums (/{lang}/gallery).
type GalleryView struct {
	Chrome
	Albums []AlbumCard
}

// AlbumCard is an album in the list: its title in the page's language and its cover.
type AlbumCard struct {
	Title, Href, CoverURL string
	Count                 int
}

// AlbumView is one album's page (/{lang}/gallery/{slug}).
type AlbumView struct {
	Chrome
	Intro    string
	Items    []AlbumItemView
	BackHref string
}

// AlbumItemView is a photo, an uploaded video or an embedded video. Texts are plain and
// escaped by the template; EmbedURL is only ever the canonical player URL built from a
// validated ID.
type AlbumItemView struct {
	Kind              sitecore.AlbumItemKind
	Caption           string
	FullURL, ThumbURL string // photos and uploaded videos
	ContentType       string
	EmbedURL          string
}

// Gallery renders the album list.
func (t *Theme) Gallery(v *GalleryView) ([]byte, error) {
	return t.Render("gallery.html", &v.Chrome, v)
}

// Album renders an album.
func (t *Theme) Album(v *AlbumView) ([]byte, error) { return t.Render("album.html", &v.Chrome, v) }
