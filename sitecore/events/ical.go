package events

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// Calendar feeds (RFC 5545). Times are written in UTC ("Z"), which every client converts to
// its own zone, so no VTIMEZONE is needed; the text is escaped (backslash, semicolon, comma,
// newline) and lines are folded at 75 octets without splitting a UTF-8 character.

// ICalEvent is one event of a feed with its texts in the feed's language and its page's URL.
type ICalEvent struct {
	Event *Event
	Title string
	Text  string // plain text of the description
	URL   string
}

// NewICalEvent picks an event's texts in lang for a feed.
func NewICalEvent(e *Event, lang sitecore.Lang, langs []sitecore.Lang, url string) ICalEvent {
	return ICalEvent{Event: e, Title: Text(e.Title, lang, langs), Text: cms.PlainText(Text(e.Description, lang, langs)), URL: url}
}

// ICal writes a VCALENDAR with the events; host names the UIDs (id@host), now stamps them.
func ICal(name, host string, list []ICalEvent, now time.Time) []byte {
	var b strings.Builder
	line := func(s string) { foldLine(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Mektep//Events//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + Escape(name))
	line("X-WR-TIMEZONE:Asia/Almaty")
	for _, x := range list {
		e := x.Event
		line("BEGIN:VEVENT")
		line("UID:event-" + strconv.FormatInt(e.ID, 10) + "@" + host)
		line("DTSTAMP:" + icalTime(now))
		line("DTSTART:" + icalTime(e.StartsAt))
		line("DTEND:" + icalTime(e.EndsAt))
		line("LAST-MODIFIED:" + icalTime(e.UpdatedAt))
		line("SUMMARY:" + Escape(x.Title))
		if x.Text != "" || e.OnlineURL != "" {
			d := x.Text
			if e.OnlineURL != "" {
				d = strings.TrimSpace(d + "\n" + e.OnlineURL)
			}
			line("DESCRIPTION:" + Escape(d))
		}
		if e.Place != "" {
			line("LOCATION:" + Escape(e.Place))
		} else if e.OnlineURL != "" {
			line("LOCATION:" + Escape(e.OnlineURL))
		}
		if x.URL != "" {
			line("URL:" + x.URL)
		}
		if e.Cancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return []byte(b.String())
}

func icalTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Escape escapes a TEXT value (RFC 5545 3.3.11).
func Escape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// foldLine writes a content line folded at 75 octets (RFC 5545 3.1), ending in CRLF.
func foldLine(b *strings.Builder, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
