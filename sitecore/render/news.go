package render

import (
	"time"

	"github.com/mektep/mektep/sitecore"
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

func init() {
	AddUI(sitecore.Kazakh, map[string]string{"source": "Дереккөз", "comments": "Пікірлер", "no_comments": "Әзірге пікір жоқ.",
		"comment_login": "Пікір қалдыру үшін кіріңіз", "comment_post": "Пікір қалдыру", "comment_label": "Пікіріңіз",
		"comment_pending": "Пікір модератор тексергеннен кейін жарияланады.", "tags": "Тегтер", "fallback": "Бұл материал сіздің тіліңізде жоқ, ол басқа тілде көрсетілген.",
		"page": "Бет"})
	AddUI(sitecore.Russian, map[string]string{"source": "Источник", "comments": "Комментарии", "no_comments": "Комментариев пока нет.",
		"comment_login": "Войдите, чтобы оставить комментарий", "comment_post": "Отправить", "comment_label": "Ваш комментарий",
		"comment_pending": "Комментарий появится после проверки модератором.", "tags": "Теги", "fallback": "Этого материала нет на вашем языке, он показан на другом языке.",
		"page": "Страница"})
	AddUI(sitecore.English, map[string]string{"source": "Source", "comments": "Comments", "no_comments": "No comments yet.",
		"comment_login": "Log in to comment", "comment_post": "Post", "comment_label": "Your comment",
		"comment_pending": "The comment will appear after a moderator checks it.", "tags": "Tags", "fallback": "This content is not available in your language; it is shown in another language.",
		"page": "Page"})
}
