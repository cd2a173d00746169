package render

import (
	"time"
)

// NewsItemView is a news item's own page.
type NewsItemView struct {
	Chrome
	Body        string // sanitized HTML
	CoverURL    string
	PublishedAt time.Time
	Tags        []string
	SourceName  string // set on a copy republished from another school
	SourceURL   string
	Comments    []CommentView
	CommentsOn  bool
	LoggedIn    bool
	LoginHref   string
	PostAction  string
	CSRFNote    string
	Notice      string
}

// CommentView is a visible comment.
type CommentView struct {
	ID       int64
	Author   string
	Body     string // sanitized HTML
	PostedAt time.Time
}

// NewsItem renders a news item's page.
func (t *Theme) NewsItem(v *NewsItemView) ([]byte, error) {
	return t.Render("news.html", &v.Chrome, v)
}
