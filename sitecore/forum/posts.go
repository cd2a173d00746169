package forum

import (
	"context"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// NewPost is a post (or the first post of a new topic) as a member writes it.
type NewPost struct {
	Title   string `json:"title,omitempty"` // a new topic's title
	Body    string `json:"body"`
	QuoteID int64  `json:"quote_id,omitempty"` // a post of the topic to quote
}

var (
	linkRE   = regexp.MustCompile(`(?i)<a\s`)
	imgSrcRE = regexp.MustCompile(`<img\b[^>]*\bsrc="([^"]*)"`)
)

// body sanitizes a post with the comment allow-list (emphasis, lists, quotes, links) and
// applies the link limit of the member's trust.
func body(raw string, trusted, images bool) (string, error) {
	if _, err := text("body", raw, MaxBody, true); err != nil {
		return "", err
	}
	b := cms.ForumText(strings.TrimSpace(raw), images)
	if cms.PlainText(b) == "" && !strings.Contains(b, "<img") {
		return "", sitecore.Invalid("body", "field.required")
	}
	limit := MemberLinks
	if !trusted {
		limit = NewMemberLinks
	}
	if n := len(linkRE.FindAllStringIndex(b, -1)); n > limit {
		return "", sitecore.Invalid("body", "forum.links", "max", strconv.Itoa(limit))
	}
	return b, nil
}

// trusted reports whether the access's posts show without a moderator.
func trusted(a *Access) bool {
	return a.Moderator || (a.Member != nil && a.Member.ApprovedPosts >= TrustPosts)
}

func (s *Service) author(a *Access, p *sitecore.Principal) (string, error) {
	if err := loggedIn(p); err != nil {
		return "", err
	}
	if !a.CanPost() {
		return "", sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	name := strings.TrimSpace(p.Name)
	if name == "" {
		name = "—"
	}
	return name, nil
}

// CreateTopic starts a topic with its first post (active members). A member under the
// trust threshold has the post held for a moderator.
func (s *Service) CreateTopic(ctx context.Context, p *sitecore.Principal, siteID, id, forumID int64, lang sitecore.Lang, in NewPost) (*sitecore.Topic, *sitecore.Post, error) {
	a, err := s.Access(ctx, p, siteID, id)
	if err != nil {
		return nil, nil, err
	}
	name, err := s.author(a, p)
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.Store.FindForum(ctx, id, forumID); err != nil {
		return nil, nil, err
	}
	t := &sitecore.Topic{CommunityID: id, ForumID: forumID, AuthorID: p.UserID}
	if t.Title, err = text("title", cms.PlainText(in.Title), MaxTitle, true); err != nil {
		return nil, nil, err
	}
	post := &sitecore.Post{AuthorID: p.UserID, AuthorName: name, Lang: lang, Status: sitecore.PostVisible}
	if post.Body, err = s.postBody(ctx, a.Community, in.Body, trusted(a)); err != nil {
		return nil, nil, err
	}
	if !trusted(a) {
		post.Status = sitecore.PostHeld
	}
	if err := s.Store.CreateTopic(ctx, t, post); err != nil {
		return nil, nil, err
	}
	if post.Status == sitecore.PostVisible {
		s.mentions(ctx, a.Community, t, post)
	}
	return t, post, nil
}

// Reply adds a post to a topic (active members; a locked topic takes moderators' posts
// only). A quoted post of the topic comes first as a blockquote naming its author.
func (s *Service) Reply(ctx context.Context, p *sitecore.Principal, siteID, id, topicID int64, lang sitecore.Lang, in NewPost) (*sitecore.Post, error) {
	a, err := s.Access(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	t, err := s.Store.FindTopic(ctx, id, topicID)
	if err != nil {
		return nil, err
	}
	name, err := s.author(a, p)
	if err != nil {
		return nil, err
	}
	if t.Locked && !a.Moderator {
		return nil, sitecore.Invalid("body", "forum.locked")
	}
	post := &sitecore.Post{CommunityID: id, TopicID: topicID, AuthorID: p.UserID, AuthorName: name, Lang: lang, Status: sitecore.PostVisible}
	if post.Body, err = s.postBody(ctx, a.Community, in.Body, trusted(a)); err != nil {
		return nil, err
	}
	if in.QuoteID != 0 {
		q, err := s.Store.FindPost(ctx, id, in.QuoteID)
		if err != nil || q.TopicID != topicID || q.Status != sitecore.PostVisible {
			return nil, sitecore.Invalid("quote_id", "forum.quote")
		}
		quoted := []rune(cms.PlainText(q.Body))
		if len(quoted) > 500 {
			quoted = append(quoted[:500], '…')
		}
		post.Body = "<blockquote><p><b>" + html.EscapeString(q.AuthorName) + "</b></p><p>" + html.EscapeString(string(quoted)) +
			"</p></blockquote>" + post.Body
	}
	if !trusted(a) {
		post.Status = sitecore.PostHeld
	}
	if err := s.Store.AddPost(ctx, post); err != nil {
		return nil, err
	}
	if post.Status == sitecore.PostVisible {
		s.mentions(ctx, a.Community, t, post)
	}
	return post, nil
}

// TopicPage is one page of a topic.
type TopicPage struct {
	Access *Access         `json:"-"`
	Topic  *sitecore.Topic `json:"topic"`
	Posts  []sitecore.Post `json:"posts"`
	Page   int             `json:"page"`
	Pages  int             `json:"pages"`
	Forum  *sitecore.Forum `json:"forum"`
}

// Topic returns page n (from 1) of a topic: the posts numbered ((n-1)·20, n·20], read as
// one index range whatever n is. Moderators see held and hidden posts too (marked);
// others see the posts that are visible, and their own held ones.
func (s *Service) Topic(ctx context.Context, p *sitecore.Principal, siteID, id, topicID int64, n int) (*TopicPage, error) {
	a, err := s.Access(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	t, err := s.Store.FindTopic(ctx, id, topicID)
	if err != nil {
		return nil, err
	}
	f, err := s.Store.FindForum(ctx, id, t.ForumID)
	if err != nil {
		return nil, err
	}
	pg := &TopicPage{Access: a, Topic: t, Forum: f, Page: n, Pages: t.Pages()}
	if n < 1 || n > pg.Pages {
		return nil, sitecore.Invalid("page", "forum.page", "max", strconv.Itoa(pg.Pages))
	}
	statuses := []string{sitecore.PostVisible}
	if a.Moderator {
		statuses = append(statuses, sitecore.PostHeld, sitecore.PostHidden)
	} else if p != nil && p.UserID != 0 {
		statuses = append(statuses, sitecore.PostHeld)
	}
	ps, err := s.Store.Posts(ctx, topicID, (n-1)*sitecore.ForumPostsPage+1, n*sitecore.ForumPostsPage, statuses)
	if err != nil {
		return nil, err
	}
	pg.Posts = ps[:0]
	for _, x := range ps {
		if x.Status == sitecore.PostHeld && !a.Moderator && x.AuthorID != p.UserID {
			continue
		}
		pg.Posts = append(pg.Posts, x)
	}
	return pg, nil
}

// PageOf is the page of a topic that shows the post numbered seq.
func PageOf(seq int) int { return max(1, (seq+sitecore.ForumPostsPage-1)/sitecore.ForumPostsPage) }

// React adds or removes p's reaction to a visible post (active members).
func (s *Service) React(ctx context.Context, p *sitecore.Principal, siteID, id, postID int64, kind string, on bool) error {
	a, err := s.Access(ctx, p, siteID, id)
	if err != nil {
		return err
	}
	if _, err := s.author(a, p); err != nil {
		return err
	}
	switch kind {
	case sitecore.ReactionLike, sitecore.ReactionThanks, sitecore.ReactionAgree:
	default:
		return sitecore.Invalid("kind", "forum.reaction")
	}
	post, err := s.Store.FindPost(ctx, id, postID)
	if err != nil || post.Status != sitecore.PostVisible {
		return sitecore.NotFound("post")
	}
	return s.Store.SetReaction(ctx, postID, p.UserID, kind, on)
}

// Subscribe subscribes p to a topic or a whole forum (one of them not 0) of a community p
// reads, or ends the subscription.
func (s *Service) Subscribe(ctx context.Context, p *sitecore.Principal, siteID, id, forumID, topicID int64, on bool) error {
	if _, err := s.Access(ctx, p, siteID, id); err != nil {
		return err
	}
	if err := loggedIn(p); err != nil {
		return err
	}
	if topicID != 0 {
		if _, err := s.Store.FindTopic(ctx, id, topicID); err != nil {
			return err
		}
		forumID = 0
	} else if _, err := s.Store.FindForum(ctx, id, forumID); err != nil {
		return err
	}
	return s.Store.Subscribe(ctx, p.UserID, id, forumID, topicID, on)
}

// mentionRE finds @mentions: a member's name with spaces written as underscores
// (@Айгүл_Сейітқали).
var mentionRE = regexp.MustCompile(`@([\p{L}\p{N}_.\-]+)`)

func mentionName(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), "_"))
}

// mentions emails each active member the visible post mentions (once per post and
// member; the author is not emailed about their own post). Mail trouble is not the
// writer's: the post stays, and the queue retries.
func (s *Service) mentions(ctx context.Context, c *sitecore.Community, t *sitecore.Topic, post *sitecore.Post) {
	found := mentionRE.FindAllStringSubmatch(cms.PlainText(post.Body), 20)
	if len(found) == 0 {
		return
	}
	want := map[string]bool{}
	for _, m := range found {
		want[strings.ToLower(strings.TrimRight(m[1], "._-"))] = true
	}
	members, err := s.Store.CommunityMembers(ctx, c.ID)
	if err != nil {
		return
	}
	for _, m := range members {
		if m.Status != sitecore.MemberActive || m.UserID == post.AuthorID || !want[mentionName(m.Name)] {
			continue
		}
		u, err := s.Accounts.FindUserByID(ctx, m.UserID)
		if err != nil {
			continue
		}
		lang, link := s.link(ctx, c, u.Lang, t.ID, post.Seq)
		e := sitecore.ForumEmail("mention", lang, u.Email, sitecore.ForumMail{Community: c.Name, Topic: t.Title,
			Name: post.AuthorName, Body: cms.PlainText(post.Body), Link: link})
		e.Key = "forum-mention:" + strconv.FormatInt(post.ID, 10) + ":" + strconv.FormatInt(m.UserID, 10)
		_ = s.Mail.Enqueue(ctx, e)
	}
}

// link is the address of a post's page (or the community's) in the reader's language: on the school's domain
// for a school's community, on the platform's for a platform-wide one.
func (s *Service) link(ctx context.Context, c *sitecore.Community, want sitecore.Lang, topicID int64, seq int) (sitecore.Lang, string) {
	lang := want
	if !lang.Supported() {
		lang = sitecore.Kazakh
	}
	path := "/communities/" + strconv.FormatInt(c.ID, 10) // topicID 0: the community's page
	if topicID != 0 {
		path += "/topics/" + strconv.FormatInt(topicID, 10)
	}
	if seq > 0 {
		path += "?page=" + strconv.Itoa(PageOf(seq)) + "#post-" + strconv.Itoa(seq)
	}
	if c.SiteID != 0 {
		if site, err := s.Sites.FindSiteByID(ctx, c.SiteID); err == nil {
			lang = site.PageLang(lang)
			return lang, site.URL(s.PublicURL, "/"+string(lang)+path)
		}
	}
	return lang, strings.TrimRight(s.PublicURL, "/") + "/" + string(lang) + path
}
