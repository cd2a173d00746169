package excel

import (
	"bytes"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/events"
)

// eventLabels are the attendance sheet's name and headers per language.
var eventLabels = map[sitecore.Lang][]string{
	sitecore.Kazakh:  {"Қатысу", "№", "Қатысушы", "Жазған", "Күйі", "Кезек", "Жазылған уақыты", "Қатысты"},
	sitecore.Russian: {"Посещаемость", "№", "Участник", "Записал(а)", "Статус", "Место в очереди", "Время записи", "Присутствовал(а)"},
	sitecore.English: {"Attendance", "No.", "Attendee", "Signed up by", "Status", "Waiting place", "Signed up at", "Attended"},
}

var eventStatus = map[sitecore.Lang]map[events.Status]string{
	sitecore.Kazakh:  {events.Confirmed: "расталды", events.Waiting: "күтуде", events.Cancelled: "бас тартылды"},
	sitecore.Russian: {events.Confirmed: "подтверждено", events.Waiting: "ожидание", events.Cancelled: "отменено"},
	sitecore.English: {events.Confirmed: "confirmed", events.Waiting: "waiting", events.Cancelled: "cancelled"},
}

// EventAttendance writes an event's attendance list: every sign-up with its status, place
// in the waiting line, time (Asia/Almaty) and attendance. Text cells are written as
// strings, never as formulas.
func EventAttendance(lang sitecore.Lang, e *events.Event, list []*events.SignUp) ([]byte, error) {
	l, ok := eventLabels[lang]
	if !ok {
		lang, l = sitecore.English, eventLabels[sitecore.English]
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", l[0]); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(l[0])
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	dtf := dateTimeFormat
	dt, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dtf})
	if err != nil {
		return nil, err
	}
	title := events.Text(e.Title, lang, nil) + " — " + e.StartsAt.In(sitecore.Almaty).Format("02.01.2006 15:04")
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: bold, Value: title}}); err != nil {
		return nil, err
	}
	head := make([]any, len(l)-1)
	for i, h := range l[1:] {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A2", head); err != nil {
		return nil, err
	}
	yes := map[bool]string{true: "✓", false: ""}
	for i, g := range list {
		at := time.Date(g.QueuedAt.In(sitecore.Almaty).Year(), g.QueuedAt.In(sitecore.Almaty).Month(), g.QueuedAt.In(sitecore.Almaty).Day(),
			g.QueuedAt.In(sitecore.Almaty).Hour(), g.QueuedAt.In(sitecore.Almaty).Minute(), g.QueuedAt.In(sitecore.Almaty).Second(), 0, time.UTC)
		pos := any("")
		if g.Position > 0 {
			pos = g.Position
		}
		row := []any{i + 1, excelize.Cell{Value: g.AttendeeName}, excelize.Cell{Value: g.SignerName},
			eventStatus[lang][g.Status], pos, excelize.Cell{StyleID: dt, Value: at}, yes[g.Attended]}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+3), row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
