package excel

import (
	"strconv"

	"github.com/mektep/mektep/sitecore"
)

// The texts of the exports in kk, ru and en. A language without its own texts gets the
// English ones, as sitecore.Message does for a missing translation.

// pick returns the text of lang in m, or the English one.
func pick(m map[sitecore.Lang]string, lang sitecore.Lang) string {
	if s, ok := m[lang]; ok {
		return s
	}
	return m[sitecore.English]
}

// gradeSheetName is the sheet name of a grade: "1-сынып", "1 класс", "Grade 1".
func gradeSheetName(lang sitecore.Lang, grade int) string {
	g := strconv.Itoa(grade)
	switch lang {
	case sitecore.Kazakh:
		return g + "-сынып"
	case sitecore.Russian:
		return g + " класс"
	}
	return "Grade " + g
}

// otherSheet names the sheet of applications whose grade the campaign does not admit to.
var otherSheet = map[sitecore.Lang]string{
	sitecore.Kazakh:  "Басқа",
	sitecore.Russian: "Другие",
	sitecore.English: "Other",
}

// The columns of the applications sheets, in order.
const (
	colNumber = iota
	colChildName
	colIIN
	colBirthDate
	colGrade
	colInstructionLang
	colAddress
	colPhone
	colEmail
	colStatus
	colWaitlistPosition
	colDeclineReason
	colSubmittedAt
	colUpdatedAt
	colCatchment
	colPriority
	numCols
)

// column is the header and width of a column.
type column struct {
	title map[sitecore.Lang]string
	width float64
}

var columns = [numCols]column{
	colNumber: {width: 14, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Өтініш нөмірі", sitecore.Russian: "Номер заявления", sitecore.English: "Application number"}},
	colChildName: {width: 36, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Баланың аты-жөні", sitecore.Russian: "ФИО ребёнка", sitecore.English: "Child's full name"}},
	colIIN: {width: 15, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "ЖСН", sitecore.Russian: "ИИН", sitecore.English: "IIN"}},
	colBirthDate: {width: 13, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Туған күні", sitecore.Russian: "Дата рождения", sitecore.English: "Date of birth"}},
	colGrade: {width: 8, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Сынып", sitecore.Russian: "Класс", sitecore.English: "Grade"}},
	colInstructionLang: {width: 16, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Оқыту тілі", sitecore.Russian: "Язык обучения", sitecore.English: "Language of instruction"}},
	colAddress: {width: 44, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Мекенжайы", sitecore.Russian: "Адрес", sitecore.English: "Address"}},
	colPhone: {width: 17, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Телефон", sitecore.Russian: "Телефон", sitecore.English: "Phone"}},
	colEmail: {width: 28, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Электрондық пошта", sitecore.Russian: "Электронная почта", sitecore.English: "Email"}},
	colStatus: {width: 26, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Мәртебесі", sitecore.Russian: "Статус", sitecore.English: "Status"}},
	colWaitlistPosition: {width: 12, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Күту тізіміндегі орны", sitecore.Russian: "Место в листе ожидания", sitecore.English: "Waitlist position"}},
	colDeclineReason: {width: 30, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Бас тарту себебі", sitecore.Russian: "Причина отказа", sitecore.English: "Decline reason"}},
	colSubmittedAt: {width: 17, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Берілген уақыты", sitecore.Russian: "Дата подачи", sitecore.English: "Submitted at"}},
	colUpdatedAt: {width: 17, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Өзгертілген уақыты", sitecore.Russian: "Дата изменения", sitecore.English: "Updated at"}},
	colCatchment: {width: 14, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Бекітілген аумақ", sitecore.Russian: "Закреплённая территория", sitecore.English: "Catchment"}},
	colPriority: {width: 36, title: map[sitecore.Lang]string{
		sitecore.Kazakh: "Басымдық санаты", sitecore.Russian: "Категория приоритета", sitecore.English: "Priority category"}},
}

// yesNo are the words of a yes/no column.
var yesNo = map[bool]map[sitecore.Lang]string{
	true:  {sitecore.Kazakh: "иә", sitecore.Russian: "да", sitecore.English: "yes"},
	false: {sitecore.Kazakh: "жоқ", sitecore.Russian: "нет", sitecore.English: "no"},
}

// langNames are the names of the core languages as a language of instruction.
var langNames = map[sitecore.Lang]map[sitecore.Lang]string{
	sitecore.Kazakh: {
		sitecore.Kazakh: "қазақ тілі", sitecore.Russian: "казахский", sitecore.English: "Kazakh"},
	sitecore.Russian: {
		sitecore.Kazakh: "орыс тілі", sitecore.Russian: "русский", sitecore.English: "Russian"},
	sitecore.English: {
		sitecore.Kazakh: "ағылшын тілі", sitecore.Russian: "английский", sitecore.English: "English"},
}

// langName names the language of instruction l in lang; other languages show their own
// name ("Oʻzbekcha"), an empty one stays empty.
func langName(l, lang sitecore.Lang) string {
	if l == "" {
		return ""
	}
	if m, ok := langNames[l]; ok {
		return pick(m, lang)
	}
	return l.Native()
}
