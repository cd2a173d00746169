package postgres

import (
	"context"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
)

// placeNames is the SQL of a registration's participant, school, district and region names
// in the language $3.
var placeNames = `u.full_name, ` + nameIn("s.names", "$3") + `, coalesce(` + nameIn("dn.names", "$3") + `, ''),
	coalesce(` + nameIn("rn.names", "$3") + `, '')`

const placeJoins = ` JOIN users u ON u.id = g.participant_id JOIN sites s ON s.id = g.school_id
	LEFT JOIN org_units dn ON dn.id = g.district_id LEFT JOIN org_units rn ON rn.id = g.region_id`

// EachResultRow streams the round's results by contest (subject, grade), then place (absent
// last), then registration, calling fn for each; fn's row is reused between calls.
func (db *DB) EachResultRow(ctx context.Context, siteID, roundID int64, lang sitecore.Lang, fn func(*olympiad.ResultRow) error) error {
	rows, err := db.Pool.Query(ctx, `
		SELECT g.id, g.subject, g.grade, g.school_id, coalesce(g.district_id, 0), coalesce(g.region_id, 0), r.score,
			r.absent, r.place, r.school_place, r.district_place, r.region_place, r.max_score, r.pending, r.qualified,
			coalesce(d.award, ''), `+placeNames+`
		FROM olympiad_results r JOIN olympiad_registrations g ON g.id = r.registration_id `+placeJoins+`
			LEFT JOIN olympiad_diplomas d ON d.registration_id = g.id
		WHERE r.site_id = $1 AND r.round_id = $2
		ORDER BY g.subject, g.grade, r.absent, r.place, g.id`, siteID, roundID, string(lang))
	if err != nil {
		return wrap("EachResultRow", err)
	}
	defer rows.Close()
	var x olympiad.ResultRow
	var award string
	for rows.Next() {
		if err := rows.Scan(&x.RegistrationID, &x.Subject, &x.Grade, &x.SchoolID, &x.DistrictID, &x.RegionID, &x.Score,
			&x.Absent, &x.Place, &x.SchoolPlace, &x.DistrictPlace, &x.RegionPlace, &x.MaxScore, &x.Pending, &x.Qualified,
			&award, &x.Participant, &x.School, &x.District, &x.Region); err != nil {
			return wrap("EachResultRow", err)
		}
		x.Award = olympiad.Award(award)
		if err := fn(&x); err != nil {
			return err
		}
	}
	return wrap("EachResultRow", rows.Err())
}

// EachParticipantRow streams the round's registrations by ID.
func (db *DB) EachParticipantRow(ctx context.Context, siteID, roundID int64, lang sitecore.Lang, fn func(*olympiad.ParticipantRow) error) error {
	rows, err := db.Pool.Query(ctx, `
		SELECT g.id, g.site_id, g.round_id, g.participant_id, g.school_id, coalesce(g.district_id, 0),
			coalesce(g.region_id, 0), g.subject, g.grade, g.invited, coalesce(g.test_id, 0), coalesce(g.attempt_id, 0),
			g.created_at, u.email, `+placeNames+`
		FROM olympiad_registrations g `+placeJoins+`
		WHERE g.site_id = $1 AND g.round_id = $2 ORDER BY g.id`, siteID, roundID, string(lang))
	if err != nil {
		return wrap("EachParticipantRow", err)
	}
	defer rows.Close()
	var x olympiad.ParticipantRow
	for rows.Next() {
		g := &x.Registration
		if err := rows.Scan(&g.ID, &g.SiteID, &g.RoundID, &g.ParticipantID, &g.SchoolID, &g.DistrictID, &g.RegionID,
			&g.Subject, &g.Grade, &g.Invited, &g.TestID, &g.AttemptID, &g.Created, &x.Email, &x.Participant, &x.School,
			&x.District, &x.Region); err != nil {
			return wrap("EachParticipantRow", err)
		}
		if err := fn(&x); err != nil {
			return err
		}
	}
	return wrap("EachParticipantRow", rows.Err())
}

// EachAppealRow streams the round's appeals by ID.
func (db *DB) EachAppealRow(ctx context.Context, siteID, roundID int64, lang sitecore.Lang, fn func(*olympiad.AppealRow) error) error {
	rows, err := db.Pool.Query(ctx, `
		SELECT `+appealColumns+`, u.full_name, `+nameIn("s.names", "$3")+`, coalesce(j.full_name, '')
		FROM olympiad_appeals a JOIN olympiad_registrations g ON g.id = a.registration_id
			JOIN users u ON u.id = g.participant_id JOIN sites s ON s.id = g.school_id
			LEFT JOIN users j ON j.id = a.jury_member_id
		WHERE a.site_id = $1 AND a.round_id = $2 ORDER BY a.id`, siteID, roundID, string(lang))
	if err != nil {
		return wrap("EachAppealRow", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x olympiad.AppealRow
		a, err := scanAppeal(rows, &x.Participant, &x.School, &x.JuryMember)
		if err != nil {
			return wrap("EachAppealRow", err)
		}
		x.Appeal = *a
		if err := fn(&x); err != nil {
			return err
		}
	}
	return wrap("EachAppealRow", rows.Err())
}
