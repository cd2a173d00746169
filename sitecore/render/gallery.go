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

func init() {
	AddUI(sitecore.Kazakh, map[string]string{"gallery": "Галерея", "no_albums": "Әзірге альбом жоқ.",
		"items": "материал", "all_albums": "Барлық альбомдар", "empty_album": "Альбом әзірге бос.", "video": "Бейне"})
	AddUI(sitecore.Russian, map[string]string{"gallery": "Галерея", "no_albums": "Пока альбомов нет.",
		"items": "материалов", "all_albums": "Все альбомы", "empty_album": "Альбом пока пуст.", "video": "Видео"})
	AddUI(sitecore.English, map[string]string{"gallery": "Gallery", "no_albums": "No albums yet.",
		"items": "items", "all_albums": "All albums", "empty_album": "This album is empty for now.", "video": "Video"})
}
