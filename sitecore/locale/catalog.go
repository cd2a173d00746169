package locale

import "strings"

// Catalog maps a key to its text in each language. Placeholders are written {name}.
type Catalog map[string]map[Lang]string

// Strings are the interface strings of a group of pages: per language, key → text.
type Strings map[Lang]map[string]string

// Mail is one email in one language: a subject and a plain-text body whose paragraphs are
// separated by blank lines, both with {placeholders}.
type Mail struct {
	Subject string
	Body    string
}

// messageAreas are the error-message catalogs, one per area; messages joins them.
var messageAreas = []Catalog{coreMessages, accountMessages, admissionMessages, cmsMessages,
	helpdeskMessages, mediaMessages, searchMessages, edsMessages, quizMessages, quizImportMessages, surveyMessages, certificationMessages, certificationExamMessages, certificationSeminarMessages, securityMessages, olympiadMessages, syndicationMessages, vacancyMessages,
	admissionRuleMessages, consoleMessages, accountPageMessages, quizPageMessages, maintenanceMessages, childLinkMessages, emailChangeMessages, feedbackMessages, mailboxMessages, pollMessages, feedbackPageMessages, eventMessages,
	forumMessages}

// themeAreas are the public theme's interface strings, one part per area; theme joins them.
var themeAreas = []Strings{themeUI, newsUI, galleryUI, searchUI, siteUI, portalUI, vacancyUI, feedbackThemeUI}

var (
	messages = joinCatalogs(messageAreas)
	theme    = joinStrings(themeAreas)
)

// joinCatalogs returns one catalog with the keys of all parts. A key in two parts keeps the
// later text; TestAreasDoNotOverlap refuses that.
func joinCatalogs(parts []Catalog) Catalog {
	out := Catalog{}
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}

// joinStrings returns the strings of all parts, per language.
func joinStrings(parts []Strings) Strings {
	out := Strings{}
	for _, p := range parts {
		for l, m := range p {
			if out[l] == nil {
				out[l] = map[string]string{}
			}
			for k, v := range m {
				out[l][k] = v
			}
		}
	}
	return out
}

// text returns key's text in l, the English one when l has none; ok is false for an unknown
// key.
func (c Catalog) text(l Lang, key string) (s string, ok bool) {
	m, ok := c[key]
	if !ok {
		return "", false
	}
	if s, ok = m[l]; ok {
		return s, true
	}
	s, ok = m[English]
	return s, ok
}

// of returns the strings of l, the English ones for a language without its own.
func (s Strings) of(l Lang) map[string]string { return s[l.Text()] }

// Message returns the error message for key in lang with placeholders filled from args. A key
// missing in a language falls back to English, then to the key itself, so a forgotten
// translation never breaks a response.
func Message(lang Lang, key string, args map[string]string) string {
	m, ok := messages.text(lang, key)
	if !ok {
		m = key
	}
	if len(args) == 0 || !strings.Contains(m, "{") {
		return m
	}
	pairs := make([]string, 0, 2*len(args))
	for k, v := range args {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(m)
}

// HasMessage reports whether key has an error message of its own in lang.
func HasMessage(lang Lang, key string) bool { _, ok := messages[key][lang]; return ok }

// MessageKeys returns every key of the error messages.
func MessageKeys() []string {
	keys := make([]string, 0, len(messages))
	for k := range messages {
		keys = append(keys, k)
	}
	return keys
}

// Theme returns the public theme's interface strings in l (English for a language without
// them). The map is shared: callers read it and never change it.
func Theme(l Lang) map[string]string { return theme.of(l) }

// ThemeText returns one interface string of the public theme in l.
func ThemeText(l Lang, key string) string { return theme.of(l)[key] }

// Family returns the family pages' interface strings in l; the map is shared and read-only.
func Family(l Lang) map[string]string { return familyUI.of(l) }

// FrontDoor returns the account pages' interface strings (register, forgotten password,
// email confirmation) in l; the map is shared and read-only.
func FrontDoor(l Lang) map[string]string { return frontDoorAll.of(l) }

// frontDoorAll are the front door's strings with those of the email-change confirmation page.
var frontDoorAll = joinStrings([]Strings{frontDoorUI, emailChangeUI})

// SurveyPage returns the survey page's interface strings in l; the map is shared and
// read-only.
func SurveyPage(l Lang) map[string]string { return surveyPageUI.of(l) }

// PollPage returns the poll pages' interface strings in l; the map is shared and read-only.
func PollPage(l Lang) map[string]string { return pollPageUI.of(l) }

// PollPanel returns the panel section "polls"' interface strings in l.
func PollPanel(l Lang) map[string]string { return pollPanelUI.of(l) }

// Helpdesk returns the requester's helpdesk pages' interface strings in l; the map is shared
// and read-only.
func Helpdesk(l Lang) map[string]string { return helpdeskUI.of(l) }

// ResetPage returns the set-password page's title, field label, button and success note in l.
func ResetPage(l Lang) [4]string { return resetPageText[l.Text()] }

// MailFrame returns the greeting of an account email to a named recipient ({name}), the one
// to an unnamed recipient, and the signature, in l.
func MailFrame(l Lang) (named, unnamed, signature string) {
	l = l.Text()
	return mailGreeting[l][0], mailGreeting[l][1], mailSignature[l]
}

// VerificationMail asks a new user to confirm the address ({link}).
func VerificationMail(l Lang) Mail { return verificationMail[l.Text()] }

// PasswordResetMail sends a reset link ({link}, valid for {valid}).
func PasswordResetMail(l Lang) Mail { return passwordResetMail[l.Text()] }

// AdminAddedMail tells a user they administer a site ({site}, {url}); a new account gets the
// variant with a link to set a first password ({link}), an existing one the variant without.
func AdminAddedMail(l Lang, existingAccount bool) Mail {
	return adminAddedMail[l.Text()][variant(existingAccount)]
}

// InvitationMail invites someone to a site ({site}, {role}, {link}), naming the inviter
// ({inviter}) unless anonymous.
func InvitationMail(l Lang, anonymous bool) Mail {
	return siteInvitationMail[l.Text()][variant(anonymous)]
}

// ParentLinkMail asks a student to confirm a parent ({parent}, {link}).
func ParentLinkMail(l Lang) Mail { return parentLinkMail[l.Text()] }

// UnnamedParent stands in for a parent whose name is not known.
func UnnamedParent(l Lang) string { return unnamedParent[l.Text()] }

// QuotaWarningMail warns a site's owner that its storage is filling up.
func QuotaWarningMail(l Lang) Mail { return quotaWarningMail[l.Text()] }

// RoleName names a site role (owner, admin, teacher, student, parent, member) in l; ok is
// false for an unknown role.
func RoleName(role string, l Lang) (name string, ok bool) { return siteRoleNames.text(l.Text(), role) }

// AdmissionMail returns the email of an admission event (kind) in l; ok is false for kinds
// without an email.
func AdmissionMail(kind string, l Lang) (m Mail, ok bool) {
	m, ok = admissionText[kind][l.Text()]
	return m, ok
}

// StatusName names an admission status in l; ok is false for an unknown status.
func StatusName(status string, l Lang) (name string, ok bool) { return statusNames.text(l, status) }

// HelpdeskMail returns a helpdesk email (kind) in l; ok is false for kinds without an email.
func HelpdeskMail(kind string, l Lang) (m Mail, ok bool) {
	m, ok = helpdeskText[kind][l.Text()]
	return m, ok
}

// ClockName names an SLA clock (first_response, resolution) in l.
func ClockName(clock string, l Lang) string { return clockNames[clock][l.Text()] }

func variant(second bool) int {
	if second {
		return 1
	}
	return 0
}
