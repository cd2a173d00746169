package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

// EnrolledStudent returns the account admissions made for the site's enrolled student with
// the IIN (its address is sitecore.StudentEmail of the application), or ENotFound.
func (db *DB) EnrolledStudent(ctx context.Context, siteID int64, iin sitecore.IIN) (int64, error) {
	var id int64
	err := db.Pool.QueryRow(ctx, `
		SELECT u.id FROM applications a
		JOIN sites s ON s.id = a.site_id
		JOIN users u ON u.email = 'student-' || a.id || '@' || s.slug || '.students.mektep.invalid'
		JOIN site_members m ON m.site_id = a.site_id AND m.user_id = u.id AND m.role = 'student'
		WHERE a.site_id = $1 AND a.child_iin = $2 AND a.status = $3
		ORDER BY a.id DESC LIMIT 1`, siteID, string(iin), string(sitecore.AppEnrolled)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, wrap("EnrolledStudent", sitecore.NotFound("student"))
	}
	return id, wrap("EnrolledStudent", err)
}

const childLinkRequestColumns = `r.id, r.site_id, r.parent_id, r.child_iin, r.child_name, r.parent_link_id,
	COALESCE(l.confirmed_at IS NOT NULL, false) AS confirmed, r.created_at`

// CreateChildLinkRequest stores a parent's request; a repeat for the same child at the site
// returns the existing request (with the link filled in if it had none yet).
func (db *DB) CreateChildLinkRequest(ctx context.Context, r *sitecore.ChildLinkRequest) error {
	rows, err := db.Pool.Query(ctx, `
		WITH r AS (
			INSERT INTO child_link_requests (site_id, parent_id, child_iin, child_name, parent_link_id)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (site_id, parent_id, child_iin) DO UPDATE
			SET parent_link_id = COALESCE(child_link_requests.parent_link_id, EXCLUDED.parent_link_id)
			RETURNING *)
		SELECT `+childLinkRequestColumns+` FROM r LEFT JOIN parent_links l ON l.id = r.parent_link_id`,
		r.SiteID, r.ParentID, string(r.ChildIIN), r.ChildName, r.ParentLinkID)
	if err != nil {
		return wrap("CreateChildLinkRequest", err)
	}
	got, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByNameLax[sitecore.ChildLinkRequest])
	if err != nil {
		return wrap("CreateChildLinkRequest", missingRef(err))
	}
	*r = got
	return nil
}

// ChildLinkRequests returns the parent's requests at the site (parentID 0: every parent's),
// oldest first.
func (db *DB) ChildLinkRequests(ctx context.Context, siteID, parentID int64) ([]sitecore.ChildLinkRequest, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+childLinkRequestColumns+`
		FROM child_link_requests r LEFT JOIN parent_links l ON l.id = r.parent_link_id
		WHERE r.site_id = $1 AND ($2::bigint = 0 OR r.parent_id = $2) ORDER BY r.id`, siteID, parentID)
	if err != nil {
		return nil, wrap("ChildLinkRequests", err)
	}
	rs, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[sitecore.ChildLinkRequest])
	return rs, wrap("ChildLinkRequests", err)
}
