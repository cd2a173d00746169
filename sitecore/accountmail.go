package sitecore

import (
	"strconv"
	"strings"
	"time"
)

// accountMail is one account email in one language. Body is plain text with {placeholders}
// and paragraphs separated by blank lines; buildAccountEmail adds the greeting and signature.
type accountMail struct {
	Subject string
	Body    string
}

// mailSignature closes every account email.
var mailSignature = map[Lang]string{
	Kazakh:  "Mektep платформасы",
	Russian: "Платформа Mektep",
	English: "The Mektep platform",
}

// mailGreeting opens emails to a named and to an unnamed recipient.
var mailGreeting = map[Lang][2]string{
	Kazakh:  {"Сәлеметсіз бе, {name}!", "Сәлеметсіз бе!"},
	Russian: {"Здравствуйте, {name}!", "Здравствуйте!"},
	English: {"Hello {name},", "Hello,"},
}

// accountMailLang returns the language an email is written in: kk, ru or en, English for any
// other.
func accountMailLang(l Lang) Lang {
	switch l {
	case Kazakh, Russian, English:
		return l
	}
	return English
}

// mailVar is a value put into an email; Link marks URLs, which become anchors in HTML.
type mailVar struct {
	Name, Value string
	Link        bool
}

// buildAccountEmail fills the template in both formats. The plain text gets the values as they
// are; in HTML every value is escaped with EscapeHTML and links become <a> elements. Values are
// substituted in one pass, so a value that looks like a placeholder stays as it is.
func buildAccountEmail(key string, lang Lang, to, name string, subject, body string, vars ...mailVar) *Email {
	lang = accountMailLang(lang)
	greeting := mailGreeting[lang][1]
	if strings.TrimSpace(name) != "" {
		greeting = mailGreeting[lang][0]
		vars = append(vars, mailVar{Name: "name", Value: strings.TrimSpace(name)})
	}
	full := greeting + "\n\n" + body + "\n\n" + mailSignature[lang]

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

// verificationMail asks a new user to confirm the email address.
var verificationMail = map[Lang]accountMail{
	Kazakh: {Subject: "Электрондық пошта мекенжайыңызды растаңыз",
		Body: "Mektep платформасында тіркелуді аяқтау үшін электрондық пошта мекенжайыңызды растаңыз:\n{link}\n\nЕгер сіз тіркелмеген болсаңыз, бұл хатты елемеңіз."},
	Russian: {Subject: "Подтвердите адрес электронной почты",
		Body: "Чтобы завершить регистрацию на платформе Mektep, подтвердите адрес электронной почты:\n{link}\n\nЕсли вы не регистрировались, просто не обращайте внимания на это письмо."},
	English: {Subject: "Confirm your email address",
		Body: "To finish signing up on the Mektep platform, confirm your email address:\n{link}\n\nIf you did not sign up, you can ignore this email."},
}

// VerificationEmail asks the new user name at address to to confirm it by opening link. The
// email is in lang (kk, ru or en; English for other languages); key deduplicates it.
func VerificationEmail(key string, lang Lang, to, name, link string) *Email {
	t := verificationMail[accountMailLang(lang)]
	return buildAccountEmail(key, lang, to, name, t.Subject, t.Body, mailVar{Name: "link", Value: link, Link: true})
}

// passwordResetMail sends a password reset link.
var passwordResetMail = map[Lang]accountMail{
	Kazakh: {Subject: "Құпиясөзді қалпына келтіру",
		Body: "Mektep платформасындағы құпиясөзіңізді қалпына келтіру сұралды. Жаңа құпиясөз орнату үшін сілтемеге өтіңіз:\n{link}\n\nСілтеме {valid} бойы жарамды.\n\nЕгер мұны сіз сұрамаған болсаңыз, бұл хатты елемеңіз: құпиясөзіңіз өзгермейді."},
	Russian: {Subject: "Восстановление пароля",
		Body: "Мы получили запрос на сброс вашего пароля на платформе Mektep. Чтобы задать новый пароль, перейдите по ссылке:\n{link}\n\nСсылка действительна {valid}.\n\nЕсли вы не запрашивали сброс, не обращайте внимания на это письмо: пароль останется прежним."},
	English: {Subject: "Reset your password",
		Body: "We received a request to reset your password on the Mektep platform. To choose a new password, open this link:\n{link}\n\nThe link is valid for {valid}.\n\nIf you did not ask for this, ignore this email: your password will not change."},
}

// PasswordResetEmail sends the user name at address to a link for choosing a new password,
// saying how long it is valid ("60 минут", "1 минуту", "2 hours").
func PasswordResetEmail(key string, lang Lang, to, name, link string, validFor time.Duration) *Email {
	l := accountMailLang(lang)
	t := passwordResetMail[l]
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

// adminAddedMail tells a user they were made an administrator of a site; the [0] variant has a
// link to set a first password, the [1] variant is for users who already have one.
var adminAddedMail = map[Lang][2]accountMail{
	Kazakh: {
		{Subject: "Сіз «{site}» сайтының әкімшісі болдыңыз",
			Body: "Сіз «{site}» мектеп сайтының әкімшілері қатарына қосылдыңыз.\nСайт мекенжайы: {url}\n\nКіру үшін алдымен құпиясөз орнатыңыз:\n{link}"},
		{Subject: "Сіз «{site}» сайтының әкімшісі болдыңыз",
			Body: "Сіз «{site}» мектеп сайтының әкімшілері қатарына қосылдыңыз.\nСайт мекенжайы: {url}\n\nСізде Mektep тіркелгісі бар: жүйеге бұрынғы құпиясөзіңізбен кіріңіз."},
	},
	Russian: {
		{Subject: "Вы стали администратором сайта «{site}»",
			Body: "Вас добавили в администраторы сайта школы «{site}».\nАдрес сайта: {url}\n\nЧтобы войти, сначала задайте пароль:\n{link}"},
		{Subject: "Вы стали администратором сайта «{site}»",
			Body: "Вас добавили в администраторы сайта школы «{site}».\nАдрес сайта: {url}\n\nУ вас уже есть учётная запись Mektep: входите со своим прежним паролем."},
	},
	English: {
		{Subject: "You are now an administrator of {site}",
			Body: "You have been added as an administrator of the school website {site}.\nSite address: {url}\n\nTo sign in, first set a password:\n{link}"},
		{Subject: "You are now an administrator of {site}",
			Body: "You have been added as an administrator of the school website {site}.\nSite address: {url}\n\nYou already have a Mektep account: sign in with your existing password."},
	},
}

// AdminAddedEmail tells the user name at address to that they now administer the site
// siteName at siteURL. With a setPasswordLink the account is new and the email asks them to
// set a password there; with an empty one they already have an account and are told to sign
// in with their existing password.
func AdminAddedEmail(key string, lang Lang, to, name, siteName, siteURL, setPasswordLink string) *Email {
	variant := 0
	if strings.TrimSpace(setPasswordLink) == "" {
		variant = 1
	}
	t := adminAddedMail[accountMailLang(lang)][variant]
	return buildAccountEmail(key, lang, to, name, t.Subject, t.Body,
		mailVar{Name: "site", Value: siteName},
		mailVar{Name: "url", Value: siteURL, Link: true},
		mailVar{Name: "link", Value: setPasswordLink, Link: true})
}

// siteRoleNames translates the roles a site member can have.
var siteRoleNames = map[string]map[Lang]string{
	"owner":   {Kazakh: "сайт иесі", Russian: "владелец сайта", English: "site owner"},
	"admin":   {Kazakh: "әкімші", Russian: "администратор", English: "administrator"},
	"teacher": {Kazakh: "мұғалім", Russian: "учитель", English: "teacher"},
	"student": {Kazakh: "оқушы", Russian: "ученик", English: "student"},
	"parent":  {Kazakh: "ата-ана", Russian: "родитель", English: "parent"},
	"member":  {Kazakh: "қатысушы", Russian: "участник", English: "member"},
}

// RoleName returns the name of a site role (owner, admin, teacher, student, parent, member)
// in the language, English for languages other than kk and ru. An unknown role is named as
// a member, the role with the fewest rights, so an email never promises more than it should.
func RoleName(lang Lang, role string) string {
	names, ok := siteRoleNames[strings.ToLower(strings.TrimSpace(role))]
	if !ok {
		names = siteRoleNames["member"]
	}
	return names[accountMailLang(lang)]
}

// siteInvitationMail invites someone to join a site; [0] names the inviter, [1] does not.
var siteInvitationMail = map[Lang][2]accountMail{
	Kazakh: {
		{Subject: "«{site}» сайтына шақыру",
			Body: "{inviter} сізді Mektep платформасындағы «{site}» мектеп сайтына шақырады.\nРөліңіз: {role}.\n\nШақыруды қабылдау үшін сілтемеге өтіңіз:\n{link}\n\nЕгер бұл шақыруды күтпеген болсаңыз, хатты елемеңіз."},
		{Subject: "«{site}» сайтына шақыру",
			Body: "Сізді Mektep платформасындағы «{site}» мектеп сайтына шақырды.\nРөліңіз: {role}.\n\nШақыруды қабылдау үшін сілтемеге өтіңіз:\n{link}\n\nЕгер бұл шақыруды күтпеген болсаңыз, хатты елемеңіз."},
	},
	Russian: {
		{Subject: "Приглашение на сайт «{site}»",
			Body: "{inviter} приглашает вас на сайт школы «{site}» на платформе Mektep.\nВаша роль: {role}.\n\nЧтобы принять приглашение, перейдите по ссылке:\n{link}\n\nЕсли вы не ждали этого приглашения, не обращайте внимания на письмо."},
		{Subject: "Приглашение на сайт «{site}»",
			Body: "Вас пригласили на сайт школы «{site}» на платформе Mektep.\nВаша роль: {role}.\n\nЧтобы принять приглашение, перейдите по ссылке:\n{link}\n\nЕсли вы не ждали этого приглашения, не обращайте внимания на письмо."},
	},
	English: {
		{Subject: "Invitation to {site}",
			Body: "{inviter} invites you to the school website {site} on the Mektep platform.\nYour role: {role}.\n\nTo accept the invitation, open this link:\n{link}\n\nIf you did not expect this invitation, you can ignore this email."},
		{Subject: "Invitation to {site}",
			Body: "You have been invited to the school website {site} on the Mektep platform.\nYour role: {role}.\n\nTo accept the invitation, open this link:\n{link}\n\nIf you did not expect this invitation, you can ignore this email."},
	},
}

// SiteInvitationEmail invites the address to to join the site siteName with the role (owner,
// admin, teacher, student, parent or member, named in the email's language; see RoleName)
// by opening link. inviterName may be empty.
func SiteInvitationEmail(key string, lang Lang, to, inviterName, siteName, role, link string) *Email {
	l := accountMailLang(lang)
	variant := 0
	if strings.TrimSpace(inviterName) == "" {
		variant = 1
	}
	t := siteInvitationMail[l][variant]
	return buildAccountEmail(key, lang, to, "", t.Subject, t.Body,
		mailVar{Name: "inviter", Value: strings.TrimSpace(inviterName)},
		mailVar{Name: "site", Value: siteName},
		mailVar{Name: "role", Value: RoleName(l, role)},
		mailVar{Name: "link", Value: link, Link: true})
}

// parentLinkMail asks a student to confirm that someone is their parent.
var parentLinkMail = map[Lang]accountMail{
	Kazakh: {Subject: "Ата-анаңызбен байланыстыруды растаңыз",
		Body: "{parent} Mektep платформасында өз тіркелгісін сіздің тіркелгіңізбен ата-ана ретінде байланыстыруды сұрайды.\n\nЕгер бұл сіздің ата-анаңыз болса, растаңыз:\n{link}\n\nЕгер бұл адамды танымасаңыз, сілтемені ашпаңыз және бұл хатты елемеңіз."},
	Russian: {Subject: "Подтвердите связь с родителем",
		Body: "{parent} просит связать свою учётную запись на платформе Mektep с вашей как родитель.\n\nЕсли это ваш родитель, подтвердите:\n{link}\n\nЕсли вы не знаете этого человека, не открывайте ссылку и не обращайте внимания на письмо."},
	English: {Subject: "Confirm the link with your parent",
		Body: "{parent} asks to link their account on the Mektep platform to yours as your parent.\n\nIf this is your parent, confirm here:\n{link}\n\nIf you do not know this person, do not open the link and ignore this email."},
}

// unnamedParent stands in for a parent whose name is not known.
var unnamedParent = map[Lang]string{Kazakh: "Бір пайдаланушы", Russian: "Пользователь", English: "A user"}

// ParentLinkRequestEmail asks the student childName at address to to confirm, by opening
// confirmLink, that parentName is their parent and may link the two accounts.
func ParentLinkRequestEmail(key string, lang Lang, to, childName, parentName, confirmLink string) *Email {
	l := accountMailLang(lang)
	t := parentLinkMail[l]
	parent := strings.TrimSpace(parentName)
	if parent == "" {
		parent = unnamedParent[l]
	}
	return buildAccountEmail(key, lang, to, childName, t.Subject, t.Body,
		mailVar{Name: "parent", Value: parent},
		mailVar{Name: "link", Value: confirmLink, Link: true})
}
