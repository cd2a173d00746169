package forum

import (
	"context"
	"fmt"
	"html"
	"strings"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// digestLimit is the most posts one digest lists; the rest wait for the next day.
const digestLimit = 100

// SendDigests emails every subscriber what was posted in their topics and forums since
// their last digest, in the subscriber's language, and returns how many were sent.
func (s *Service) SendDigests(ctx context.Context) (int, error) {
	users, err := s.Store.DigestUsers(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, uid := range users {
		u, err := s.Accounts.FindUserByID(ctx, uid)
		if err != nil {
			continue
		}
		items, upTo, err := s.Store.DigestFor(ctx, uid, digestLimit)
		if err != nil {
			return sent, err
		}
		if len(items) == digestLimit {
			upTo = items[len(items)-1].CreatedAt // the rest wait for the next digest
		}
		if len(items) == 0 {
			continue
		}
		var b strings.Builder
		lang := u.Lang
		communities := map[int64]*sitecore.Community{}
		for _, it := range items {
			c, ok := communities[it.CommunityID]
			if !ok {
				if c, err = s.Store.FindCommunity(ctx, it.CommunityID); err != nil {
					continue
				}
				communities[it.CommunityID] = c
			}
			l, link := s.link(ctx, c, u.Lang, it.TopicID, it.Seq)
			lang = l
			t := []rune(cms.PlainText(it.Text))
			if len(t) > 300 {
				t = append(t[:300], '…')
			}
			fmt.Fprintf(&b, "%s — %s\n%s: %s\n%s\n\n", c.Name, it.TopicTitle, it.AuthorName, string(t), link)
		}
		e := sitecore.ForumEmail("digest", lang, u.Email, sitecore.ForumMail{Body: strings.TrimSpace(b.String()),
			Count: fmt.Sprint(len(items))})
		// The key names the user and the newest post listed: a retried run sends the same
		// digest once, and a later one with newer posts is a new email.
		e.Key = fmt.Sprintf("forum-digest:%d:%d", uid, items[len(items)-1].PostID)
		if err := s.Mail.Enqueue(ctx, e); err != nil {
			return sent, err
		}
		if err := s.Store.MarkDigestSent(ctx, uid, upTo); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// SearchHit is a found post with its community's name.
type SearchHit struct {
	sitecore.ForumSearchHit
	Community string `json:"community"`
	Path      string `json:"path"`
}

// Search finds posts in kk, ru and en that p may read: public communities and those where
// p is an active member; on a school's domain (siteID) the school's and the platform's.
// Snippets are escaped text with <mark> around matches.
func (s *Service) Search(ctx context.Context, p *sitecore.Principal, siteID int64, lang sitecore.Lang, q string) ([]SearchHit, error) {
	q, err := text("q", q, MaxQuery, false)
	if err != nil {
		return nil, err
	}
	out := []SearchHit{}
	if q == "" {
		return out, nil
	}
	var uid int64
	if p != nil {
		uid = p.UserID
	}
	hits, err := s.Store.SearchPosts(ctx, uid, siteID, q, sitecore.MaxSearchPerPage)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, h := range hits {
		if _, ok := names[h.CommunityID]; !ok {
			if c, err := s.Store.FindCommunity(ctx, h.CommunityID); err == nil {
				names[h.CommunityID] = c.Name
			}
		}
		h.Snippet = markSnippet(h.Snippet)
		out = append(out, SearchHit{ForumSearchHit: h, Community: names[h.CommunityID],
			Path: fmt.Sprintf("/%s/communities/%d/topics/%d?page=%d#post-%d", lang, h.CommunityID, h.TopicID, PageOf(h.Seq), h.Seq)})
	}
	return out, nil
}

// markSnippet turns a headline (text of sanitized HTML, matches between \x01 and \x02)
// into escaped text with <mark> around the matches.
func markSnippet(s string) string {
	s = html.EscapeString(html.UnescapeString(s))
	return strings.NewReplacer("\x01", "<mark>", "\x02", "</mark>").Replace(s)
}
