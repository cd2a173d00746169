package postgres

import (
	"context"
	"errors"
	"strconv"

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
	COALESCE(l.confirmed_at IS NOT NULL, false) AS confirmed, COALESCE(r.decision, '') AS decision, r.remark, r.decided_at, r.created_at`

// CreateChildLinkRequest stores a parent's request; a repeat for the same child at the site
// returns the existing request (with the link filled in if it had none yet), reopened if the
// school had refused it.
func (db *DB) CreateChildLinkRequest(ctx context.Context, r *sitecore.ChildLinkRequest) error {
	rows, err := db.Pool.Query(ctx, `
		WITH r AS (
			INSERT INTO child_link_requests (site_id, parent_id, child_iin, child_name, parent_link_id)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (site_id, parent_id, child_iin) DO UPDATE
			SET parent_link_id = COALESCE(child_link_requests.parent_link_id, EXCLUDED.parent_link_id),
				-- asking again after a refusal reopens the request for the school
				decision = NULLIF(child_link_requests.decision, 'rejected'),
				remark = CASE WHEN child_link_requests.decision = 'rejected' THEN '' ELSE child_link_requests.remark END,
				decided_at = CASE WHEN child_link_requests.decision = 'rejected' THEN NULL ELSE child_link_requests.decided_at END,
				decided_by = CASE WHEN child_link_requests.decision = 'rejected' THEN NULL ELSE child_link_requests.decided_by END
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

// DecideChildLinkRequest records the school's answer to the site's undecided request and,
// with d.ConfirmLink, confirms its parent link, in one transaction with the audit entry.
func (db *DB) DecideChildLinkRequest(ctx context.Context, siteID, id int64, d sitecore.ChildLinkDecision, a *sitecore.AuditEntry) error {
	return wrap("DecideChildLinkRequest", db.audited(ctx, siteID, a, func(tx pgx.Tx) (bool, error) {
		var link *int64
		err := tx.QueryRow(ctx, `
			UPDATE child_link_requests SET decision = $3, remark = $4, decided_by = NULLIF($5::bigint, 0), decided_at = now()
			WHERE site_id = $1 AND id = $2 AND decision IS NULL
			RETURNING parent_link_id`, siteID, id, d.Decision, d.Remark, d.By).Scan(&link)
		if errors.Is(err, pgx.ErrNoRows) {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM child_link_requests WHERE site_id = $1 AND id = $2)`,
				siteID, id).Scan(&exists); err != nil {
				return false, err
			}
			if !exists {
				return false, sitecore.NotFound("child_link_request")
			}
			return false, sitecore.Errorf(sitecore.EConflict, "child_link.decided")
		}
		if err != nil {
			return false, err
		}
		if d.ConfirmLink {
			if link == nil {
				return false, sitecore.Invalid("decision", "child_link.no_student")
			}
			if _, err := tx.Exec(ctx, `UPDATE parent_links SET confirmed_by = $2, confirmed_at = now()
				WHERE id = $1 AND confirmed_at IS NULL`, *link, "site:"+strconv.FormatInt(siteID, 10)); err != nil {
				return false, err
			}
		}
		return true, nil
	}))
}
