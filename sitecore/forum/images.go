package forum

import (
	"context"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/media"
)

// Images in posts. A school's community keeps its members' images in the school's media
// library (media.Service), so the school's disk quota applies to them like to any upload;
// a post may show <img> only from that library (site-relative /media/{id}/… of an item of
// the school). Platform-wide communities belong to no school and have no quota to charge:
// their posts take no images.

// ImageStore is the school's media library as the forums use it (media.Service).
type ImageStore interface {
	StoreImage(ctx context.Context, a sitecore.Actor, siteID, userID int64, in media.Upload) (*sitecore.MediaItem, error)
	Find(ctx context.Context, siteID int64, id string) (*sitecore.MediaItem, error)
}

// imagesOn reports whether the community's posts may carry images.
func (s *Service) imagesOn(c *sitecore.Community) bool { return s.Images != nil && c.SiteID != 0 }

// MayUploadImage checks, before the upload's body is read, that p may put an image in
// the community's posts (active members of a school's community).
func (s *Service) MayUploadImage(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*Access, error) {
	a, err := s.Access(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.author(a, p); err != nil {
		return nil, err
	}
	if !s.imagesOn(a.Community) {
		return nil, sitecore.Invalid("file", "forum.no_images")
	}
	return a, nil
}

// UploadImage stores an image for a post in the school's media library, within its
// quota (413 naming "file" when it does not fit); the post then shows it with
// <img src="{url}">.
func (s *Service) UploadImage(ctx context.Context, p *sitecore.Principal, siteID, id int64, in media.Upload) (*sitecore.MediaItem, error) {
	a, err := s.MayUploadImage(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	actor := sitecore.Actor{UserID: p.UserID, Name: p.Name}
	if ip, ok := sitecore.ClientIP(ctx); ok {
		actor.IP = ip
	}
	return s.Images.StoreImage(ctx, actor, a.Community.SiteID, p.UserID, in)
}

// postBody sanitizes a post for the community: with images where they are on, each one
// checked to be an item of the school's library.
func (s *Service) postBody(ctx context.Context, c *sitecore.Community, raw string, trustedMember bool) (string, error) {
	b, err := body(raw, trustedMember, s.imagesOn(c))
	if err != nil || !s.imagesOn(c) {
		return b, err
	}
	for _, m := range imgSrcRE.FindAllStringSubmatch(b, 50) {
		id := cms.ForumImageSrc.FindStringSubmatch(m[1])
		if id == nil {
			continue
		}
		if _, err := s.Images.Find(ctx, c.SiteID, id[1]); err != nil {
			return "", sitecore.Invalid("body", "forum.image")
		}
	}
	return b, nil
}
