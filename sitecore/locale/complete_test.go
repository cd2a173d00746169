package locale

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// gaps lists what a text table lacks: a core language with no text, an empty text, or a
// translation whose placeholders differ from the Kazakh one's (a value would go missing).
// texts maps a name (key, key.subject, ...) to its text per language.
func gaps(area string, texts map[string]map[Lang]string) []string {
	var out []string
	for name, byLang := range texts {
		var want []string
		for i, l := range Core {
			s, ok := byLang[l]
			if !ok || strings.TrimSpace(s) == "" {
				out = append(out, fmt.Sprintf("%s: %q has no %s text", area, name, l))
				continue
			}
			ph := placeholder.FindAllString(s, -1)
			slices.Sort(ph)
			ph = slices.Compact(ph)
			if i == 0 {
				want = ph
			} else if !slices.Equal(ph, want) {
				out = append(out, fmt.Sprintf("%s: %q in %s has placeholders %v, kk has %v", area, name, l, ph, want))
			}
		}
	}
	slices.Sort(out)
	return out
}

// The helpers below turn the tables of every shape into name → language → text.

func catalogTexts(c Catalog) map[string]map[Lang]string { return c }

func stringsTexts(s Strings) map[string]map[Lang]string {
	out := map[string]map[Lang]string{}
	for l, m := range s {
		for k, v := range m {
			if out[k] == nil {
				out[k] = map[Lang]string{}
			}
			out[k][l] = v
		}
	}
	return out
}

func mailTexts(name string, m map[Lang]Mail, out map[string]map[Lang]string) {
	for _, part := range []string{"subject", "body"} {
		if out[name+"."+part] == nil {
			out[name+"."+part] = map[Lang]string{}
		}
	}
	for l, t := range m {
		out[name+".subject"][l], out[name+".body"][l] = t.Subject, t.Body
	}
}

func mailKinds(kinds map[string]map[Lang]Mail) map[string]map[Lang]string {
	out := map[string]map[Lang]string{}
	for k, m := range kinds {
		mailTexts(k, m, out)
	}
	return out
}

func variants(name string, m map[Lang][2]Mail) map[string]map[Lang]string {
	out := map[string]map[Lang]string{}
	for i := range 2 {
		one := map[Lang]Mail{}
		for l, v := range m {
			one[l] = v[i]
		}
		mailTexts(fmt.Sprintf("%s[%d]", name, i), one, out)
	}
	return out
}

func perLang[T any](name string, m map[Lang]T, parts func(T) []string) map[string]map[Lang]string {
	out := map[string]map[Lang]string{}
	for l, v := range m {
		for i, s := range parts(v) {
			k := fmt.Sprintf("%s[%d]", name, i)
			if out[k] == nil {
				out[k] = map[Lang]string{}
			}
			out[k][l] = s
		}
	}
	if len(out) == 0 {
		out[name] = map[Lang]string{}
	}
	return out
}

func one(s string) []string     { return []string{s} }
func four(s [4]string) []string { return s[:] }
func mail(m Mail) []string      { return []string{m.Subject, m.Body} }

func noGaps(t *testing.T, area string, texts map[string]map[Lang]string) {
	t.Helper()
	if len(texts) == 0 {
		t.Errorf("%s: no texts", area)
	}
	for _, g := range gaps(area, texts) {
		t.Error(g)
	}
}

// TestEveryTextInEveryCoreLanguage fails on a key missing in any core language, in every
// table of the package. A new table must be added here.
func TestEveryTextInEveryCoreLanguage(t *testing.T) {
	for i, c := range messageAreas {
		noGaps(t, fmt.Sprintf("messageAreas[%d]", i), catalogTexts(c))
	}
	for i, s := range append(slices.Clone(themeAreas), familyUI, helpdeskUI, surveyPageUI, frontDoorUI, accountPagesUI, quizPageUI, quizPanelUI, quizPanelShell, panelChildLinks, emailChangeUI) {
		noGaps(t, fmt.Sprintf("strings[%d]", i), stringsTexts(s))
	}
	noGaps(t, "statusNames", statusNames)
	noGaps(t, "clockNames", clockNames)
	noGaps(t, "siteRoleNames", siteRoleNames)
	noGaps(t, "admissionText", mailKinds(admissionText))
	noGaps(t, "helpdeskText", mailKinds(helpdeskText))
	noGaps(t, "adminAddedMail", variants("adminAddedMail", adminAddedMail))
	noGaps(t, "siteInvitationMail", variants("siteInvitationMail", siteInvitationMail))
	noGaps(t, "childLinkDecisionMail", variants("childLinkDecisionMail", childLinkDecisionMail))
	noGaps(t, "emailChangeMail", variants("emailChangeMail", emailChangeMail))
	noGaps(t, "childLinkRemark", perLang("childLinkRemark", childLinkRemark, one))
	for name, m := range map[string]map[Lang]Mail{"verificationMail": verificationMail,
		"passwordResetMail": passwordResetMail, "parentLinkMail": parentLinkMail, "quotaWarningMail": quotaWarningMail} {
		noGaps(t, name, perLang(name, m, mail))
	}
	noGaps(t, "mailSignature", perLang("mailSignature", mailSignature, one))
	noGaps(t, "unnamedParent", perLang("unnamedParent", unnamedParent, one))
	noGaps(t, "resetPageText", perLang("resetPageText", resetPageText, four))
	// The two greetings differ by {name}, so each is checked on its own.
	named := map[Lang]string{}
	for l, g := range mailGreeting {
		named[l] = g[0]
	}
	noGaps(t, "mailGreeting[0]", map[string]map[Lang]string{"named": named})
}

// TestGapsFindsAMissingLanguage keeps the check above honest: a key without Russian, an
// empty Kazakh text and a lost placeholder are each reported.
func TestGapsFindsAMissingLanguage(t *testing.T) {
	got := gaps("x", stringsTexts(Strings{
		Kazakh:  {"a": "А", "b": "", "c": "{n} дана"},
		Russian: {"b": "Б", "c": "штук"},
		English: {"a": "A", "b": "B", "c": "{n} pieces"},
	}))
	want := []string{
		`x: "a" has no ru text`,
		`x: "b" has no kk text`,
		`x: "c" in ru has placeholders [], kk has [{n}]`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("gaps = %q, want %q", got, want)
	}
}

// TestAreasDoNotOverlap makes sure no area's key silently replaces another's when the
// areas are joined.
func TestAreasDoNotOverlap(t *testing.T) {
	seen := map[string]int{}
	for i, c := range messageAreas {
		for k := range c {
			if j, dup := seen[k]; dup {
				t.Errorf("message key %q is in areas %d and %d", k, j, i)
			}
			seen[k] = i
		}
	}
	seenUI := map[string]int{}
	for i, s := range themeAreas {
		for k := range s[English] {
			if j, dup := seenUI[k]; dup {
				t.Errorf("theme key %q is in parts %d and %d", k, j, i)
			}
			seenUI[k] = i
		}
	}
	if len(messages) != len(seen) || len(theme[English]) != len(seenUI) {
		t.Errorf("joined %d messages and %d theme strings, want %d and %d", len(messages), len(theme[English]), len(seen), len(seenUI))
	}
}
