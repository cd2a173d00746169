package sitecore

import (
	"github.com/mektep/mektep/sitecore/locale"
	"strconv"
	"strings"
	"time"
)

// mailVar is a value put into an email; Link marks URLs, which become anchors in HTML.
type mailVar struct {
	Name, Value string
	Link        bool
}

// buildAccountEmail fills the template in both formats. The plain text gets the values as they
// are; in HTML every value is escaped with EscapeHTML and links become <a> elements. Values are
// substituted in one pass, so a value that looks like a placeholder stays as it is.
func buildAccountEmail(key string, lang Lang, to, name string, subject, body string, vars ...mailVar) *Email {
	lang = lang.Text()
	named, unnamed, signature := locale.MailFrame(lang)
	greeting := unnamed
	if strings.TrimSpace(name) != "" {
		greeting = named
		vars = append(vars, mailVar{Name: "name", Value: strings.TrimSpace(name)})
	}
	full := greeting + "\n\n" + body + "\n\n" + signature

	textPairs := make([]string, 0, 2*len(vars))
	htmlPairs := make([]string, 0, 2*len(vars))
	for _, v := range vars {
		ph := "{" + v.Name + "}"
		textPairs = append(textPairs, ph, v.Value)
		esc := EscapeHTML(v.Value)
		if v.Link {
			esc = `<a href="` + esc + `">` + esc + `</a>`
		}
		htmlPairs = append(htmlPairs, ph, esc)
	}
	textR, htmlR := strings.NewReplacer(textPairs...), strings.NewReplacer(htmlPairs...)

	var htm strings.Builder
	htm.WriteString(`<!doctype html><html lang="` + string(lang) + `"><body>`)
	for _, para := range strings.Split(full, "\n\n") {
		// The template itself is escaped before the values go in, so neither can inject markup.
		htm.WriteString("<p>" + strings.ReplaceAll(htmlR.Replace(EscapeHTML(para)), "\n", "<br>") + "</p>")
	}
	htm.WriteString("</body></html>")

	return &Email{
		Key:     key,
		To:      to,
		Subject: oneLine(textR.Replace(subject)),
		Text:    textR.Replace(full),
		HTML:    htm.String(),
	}
}

// oneLine replaces line breaks and other control characters with spaces, so a name cannot
// break the subject header.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029'
	}), " ")
}

// VerificationEmail asks the new user name at address to to confirm it by opening link. The
// email is in lang (kk, ru or en; English for other languages); key deduplicates it.
func VerificationEmail(key string, lang Lang, to, name, link string) *Email {
	t := locale.VerificationMail(lang)
	return buildAccountEmail(key, lang, to, name, t.Subject, t.Body, mailVar{Name: "link", Value: link, Link: true})
}

// PasswordResetEmail sends the user name at address to a link for choosing a new password,
// saying how long it is valid ("60 минут", "1 минуту", "2 hours").
func PasswordResetEmail(key string, lang Lang, to, name, link string, validFor time.Duration) *Email {
	l := lang.Text()
	t := locale.PasswordResetMail(l)
	return buildAccountEmail(key, lang, to, name, t.Subject, t.Body,
		mailVar{Name: "link", Value: link, Link: true},
		mailVar{Name: "valid", Value: formatValidFor(l, validFor)})
}

// formatValidFor writes a link's lifetime in the language: whole hours from two hours up,
// minutes otherwise, rounded down (never promising more than the truth) but at least one
// minute. Russian takes the accusative after «действительна»: 1 минуту, 2 минуты, 5 минут.
func formatValidFor(l Lang, d time.Duration) string {
	minutes := max(int64(d/time.Minute), 1)
	n, unit := minutes, "minute"
	if minutes >= 120 && minutes%60 == 0 {
		n, unit = minutes/60, "hour"
	}
	s := strconv.FormatInt(n, 10) + " "
	switch l {
	case Kazakh: // Kazakh nouns do not agree with numerals.
		if unit == "hour" {
			return s + "сағат"
		}
		return s + "минут"
	case Russian:
		if unit == "hour" {
			return s + russianPlural(n, "час", "часа", "часов")
		}
		return s + russianPlural(n, "минуту", "минуты", "минут")
	default:
		if n != 1 {
			unit += "s"
		}
		return s + unit
	}
}

// russianPlural picks the form of a Russian noun for the number n (CLDR one/few/many): one
// for 1, 21, 101 (but not 11, 111), few for 2–4, 22–24 (but not 12–14), many otherwise.
func russianPlural(n int64, one, few, many string) string {
	if n < 0 {
		n = -n
	}
	switch n10, n100 := n%10, n%100; {
	case n10 == 1 && n100 != 11:
		return one
	case n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14):
		return few
	default:
		return many
	}
}

// AdminAddedEmail tells the user name at address to that they now administer the site
// siteName at siteURL. With a setPasswordLink the account is new and the email asks them to
// set a password there; with an empty one they already have an account and are told to sign
// in with their existing password.
func AdminAddedEmail(key string, lang Lang, to, name, siteName, siteURL, setPasswordLink string) *Email {
	t := locale.AdminAddedMail(lang, strings.TrimSpace(setPasswordLink) == "")
	return buildAccountEmail(key, lang, to, name, t.Subject, t.Body,
		mailVar{Name: "site", Value: siteName},
		mailVar{Name: "url", Value: siteURL, Link: true},
		mailVar{Name: "link", Value: setPasswordLink, Link: true})
}

// RoleName returns the name of a site role (owner, admin, teacher, student, parent, member)
// in the language, English for languages other than kk and ru. An unknown role is named as
// a member, the role with the fewest rights, so an email never promises more than it should.
func RoleName(lang Lang, role string) string {
	if name, ok := locale.RoleName(strings.ToLower(strings.TrimSpace(role)), lang); ok {
		return name
	}
	name, _ := locale.RoleName("member", lang)
	return name
}

// SiteInvitationEmail invites the address to to join the site siteName with the role (owner,
// admin, teacher, student, parent or member, named in the email's language; see RoleName)
// by opening link. inviterName may be empty.
func SiteInvitationEmail(key string, lang Lang, to, inviterName, siteName, role, link string) *Email {
	l := lang.Text()
	t := locale.InvitationMail(l, strings.TrimSpace(inviterName) == "")
	return buildAccountEmail(key, lang, to, "", t.Subject, t.Body,
		mailVar{Name: "inviter", Value: strings.TrimSpace(inviterName)},
		mailVar{Name: "site", Value: siteName},
		mailVar{Name: "role", Value: RoleName(l, role)},
		mailVar{Name: "link", Value: link, Link: true})
}

// ParentLinkRequestEmail asks the student childName at address to to confirm, by opening
// confirmLink, that parentName is their parent and may link the two accounts.
func ParentLinkRequestEmail(key string, lang Lang, to, childName, parentName, confirmLink string) *Email {
	l := lang.Text()
	t := locale.ParentLinkMail(l)
	parent := strings.TrimSpace(parentName)
	if parent == "" {
		parent = locale.UnnamedParent(l)
	}
	return buildAccountEmail(key, lang, to, childName, t.Subject, t.Body,
		mailVar{Name: "parent", Value: parent},
		mailVar{Name: "link", Value: confirmLink, Link: true})
}

// ChildLinkDecisionEmail tells the parent name at address to the school's answer to their
// request to be linked to childName at siteName (approved or not, with the school's remark),
// with link to their children page on the school's site.
func ChildLinkDecisionEmail(key string, lang Lang, to, name, siteName, childName string, approved bool, remark, link string) *Email {
	t := locale.ChildLinkDecisionMail(lang.Text(), approved, strings.TrimSpace(remark) != "")
	return buildAccountEmail(key, lang, to, name, t.Subject, t.Body,
		mailVar{Name: "site", Value: siteName},
		mailVar{Name: "child", Value: childName},
		mailVar{Name: "remark", Value: strings.TrimSpace(remark)},
		mailVar{Name: "link", Value: link, Link: true})
}

// EmailChangeConfirmEmail asks the holder of the new address to to confirm, by opening link,
// that the account of name moves to it.
func EmailChangeConfirmEmail(key string, lang Lang, to, name, link string) *Email {
	t := locale.EmailChangeMail(lang.Text(), false)
	return buildAccountEmail(key, lang, to, name, t.Subject, t.Body, mailVar{Name: "link", Value: link, Link: true})
}

// EmailChangeNoticeEmail tells the current address to that a move of the account to
// newEmail was asked for and waits for that address's confirmation.
func EmailChangeNoticeEmail(key string, lang Lang, to, name, newEmail string) *Email {
	t := locale.EmailChangeMail(lang.Text(), true)
	return buildAccountEmail(key, lang, to, name, t.Subject, t.Body, mailVar{Name: "email", Value: newEmail})
}
