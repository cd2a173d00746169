// Package fake makes applications for the benchmarks and the memory figure of package excel,
// one at a time, so that however many there are none of them are held in memory.
package fake

import (
	"strconv"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Campaign returns a campaign with eleven grades, 1 to 11.
func Campaign() *sitecore.Campaign {
	c := &sitecore.Campaign{ID: 7, SiteID: 3, Title: map[sitecore.Lang]string{
		sitecore.Kazakh: "2026 жылғы қабылдау", sitecore.Russian: "Приём 2026", sitecore.English: "Admissions 2026"}}
	for g := 1; g <= 11; g++ {
		c.Grades = append(c.Grades, sitecore.GradeSeats{Grade: g, Seats: 50})
	}
	return c
}

var (
	firstNames = []string{"Әлихан", "Ғалым", "Қуаныш", "Аңсар", "Өркен", "Ұлан", "Үміт", "Һарун", "Іңкәр", "Айгерім", "Дмитрий", "Anna"}
	lastNames  = []string{"Әбілқасымов", "Ғабдуллин", "Құрманова", "Оңғарбаев", "Өтебаева", "Ұзақов", "Үсенова", "Ибраһимов", "Ізбасарова", "Смирнов"}
	streets    = []string{"Абай даңғылы", "Төле би көшесі", "Сәтпаев көшесі", "Құдайбергенов көшесі", "ул. Жандосова", "Гагарин даңғылы"}
	statuses   = []sitecore.AdmissionStatus{
		sitecore.AppSubmitted, sitecore.AppDocumentsCheck, sitecore.AppDocumentsFix, sitecore.AppUnderReview,
		sitecore.AppAdmitted, sitecore.AppWaitlisted, sitecore.AppDeclined, sitecore.AppEnrolled,
		sitecore.AppOfferExpired, sitecore.AppOfferDeclined, sitecore.AppWithdrawn,
	}
	langs = []sitecore.Lang{sitecore.Kazakh, sitecore.Kazakh, sitecore.Russian, sitecore.English}
)

// Applications returns a next function for excel.WriteApplications that yields n
// applications of campaign c, spread evenly over grades (sorted ascending) and sorted by grade
// then id. It reuses one Application value: each call overwrites the previous one.
func Applications(c *sitecore.Campaign, n int, grades []int) func() (*sitecore.Application, error) {
	var a sitecore.Application
	base := time.Date(2026, 4, 1, 4, 0, 0, 0, time.UTC)
	prefix := strconv.FormatInt(c.ID, 10) + "-"
	i := 0
	return func() (*sitecore.Application, error) {
		if i >= n {
			return nil, nil
		}
		// Grade k gets the ids from k*n/len(grades) on, so the sequence is sorted by grade.
		gi := i * len(grades) / n
		id := int64(i + 1)
		birth := time.Date(2026-6-grades[gi], time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		a = sitecore.Application{
			ID:              id,
			Number:          prefix + strconv.FormatInt(id, 10),
			SiteID:          c.SiteID,
			CampaignID:      c.ID,
			ParentID:        100000 + id,
			ChildName:       lastNames[i%len(lastNames)] + " " + firstNames[i%len(firstNames)],
			ChildIIN:        IIN(birth, i),
			BirthDate:       birth,
			Grade:           grades[gi],
			Address:         "Алматы қ., " + streets[i%len(streets)] + ", " + strconv.Itoa(1+i%200) + "-үй, " + strconv.Itoa(1+i%90) + "-пәтер",
			InstructionLang: langs[i%len(langs)],
			Phone:           "+7 701 " + strconv.Itoa(1000000+i%9000000),
			Email:           "parent" + strconv.Itoa(i) + "@example.kz",
			Lang:            langs[i%len(langs)],
			Status:          statuses[i%len(statuses)],
			CreatedAt:       base.Add(time.Duration(i) * 17 * time.Second),
			UpdatedAt:       base.Add(time.Duration(i)*17*time.Second + 36*time.Hour),
		}
		switch a.Status {
		case sitecore.AppWaitlisted:
			a.WaitlistPosition = 1 + i%40
		case sitecore.AppDeclined:
			a.DeclineReason, a.DeclineText = "no_seats", "Бос орын жоқ"
		}
		i++
		return &a, nil
	}
}

// IIN returns a valid IIN of a child born on birth (in the 2000s) with serial number serial.
func IIN(birth time.Time, serial int) sitecore.IIN {
	b := []byte(birth.Format("060102"))
	b = append(b, '5'+byte(serial%2))
	for s := serial; ; s++ {
		d := []byte(string(b) + pad4(s%10000))
		if c, ok := checkDigit(d); ok {
			return sitecore.IIN(string(append(d, '0'+byte(c))))
		}
	}
}

func pad4(n int) string {
	s := strconv.Itoa(n)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

// checkDigit computes the IIN check digit of 11 digits (see KZ-FACTS).
func checkDigit(d []byte) (int, bool) {
	for _, first := range []int{1, 3} {
		sum := 0
		for i := range 11 {
			w := (first+i-1)%11 + 1
			sum += int(d[i]-'0') * w
		}
		if r := sum % 11; r != 10 {
			return r, true
		}
	}
	return 0, false
}
