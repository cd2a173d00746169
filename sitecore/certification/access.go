package certification

import (
	"context"

	"github.com/mektep/mektep/sitecore"
)

// TemplateAccess is the one answer to "may p edit the templates of site siteID": platform
// operators always; the site's owners and admins while they hold a valid certificate of
// template editing (a certificate is the person's, so it counts in every site they run);
// nobody else. A refused owner or admin gets EForbidden saying why (never certified,
// expired on a date, revoked) and where to get certified (where); a delegate of the site
// gets EForbidden, and someone with no relation to the site ENotFound, as for every section.
func (s *Service) TemplateAccess(ctx context.Context, p *sitecore.Principal, siteID int64, where string) error {
	switch {
	case p.Operator():
		return nil
	case p.HasRole(siteID, sitecore.RoleOwner, sitecore.RoleAdmin):
	case sitecore.MayEnterSection(p, siteID, sitecore.SectionTemplates, sitecore.ActionView):
		return sitecore.Errorf(sitecore.EForbidden, "cert.templates_admins")
	default:
		return sitecore.NotFound("site")
	}
	st, err := s.Store.Capability(ctx, p.UserID, CapEditTemplates)
	if err != nil {
		return err
	}
	if st.Held {
		return nil
	}
	switch c := st.Latest; c.StatusAt(s.now()) {
	case StatusRevoked:
		return sitecore.Errorf(sitecore.EForbidden, "cert.templates_revoked", "where", where)
	case StatusExpired:
		return sitecore.Errorf(sitecore.EForbidden, "cert.templates_expired", "where", where,
			"date", c.ExpiresAt.In(sitecore.Almaty).Format("2006-01-02"))
	}
	return sitecore.Errorf(sitecore.EForbidden, "cert.templates_required", "where", where)
}
