package sitecore

// searchMessages are the messages of site search and visit statistics; they join the
// catalog at start-up.
var searchMessages = map[string]map[Lang]string{
	"search.page": {
		Kazakh:  "Бет нөмірі 1-ден {max}-ге дейін болуы керек.",
		Russian: "Номер страницы должен быть от 1 до {max}.",
		English: "The page number must be from 1 to {max}.",
	},
	"stats.date": {
		Kazakh:  "«{field}» күнін ЖЖЖЖ-АА-КК түрінде жазыңыз.",
		Russian: "Укажите дату «{field}» в виде ГГГГ-ММ-ДД.",
		English: "Write the date “{field}” as YYYY-MM-DD.",
	},
	"stats.order": {
		Kazakh:  "Басталу күні (from) аяқталу күнінен (to) кеш болмауы керек.",
		Russian: "Дата начала (from) не может быть позже даты окончания (to).",
		English: "The start date (from) cannot be after the end date (to).",
	},
	"stats.span": {
		Kazakh:  "Кезең {max} күннен аспауы керек.",
		Russian: "Период не может быть длиннее {max} дней.",
		English: "The period cannot be longer than {max} days.",
	},
	"stats.group": {
		Kazakh:  "«{value}» топтауы жоқ (day, page, lang).",
		Russian: "Группировки «{value}» нет (day, page, lang).",
		English: "There is no grouping “{value}” (day, page, lang).",
	},
}

func init() {
	for k, v := range searchMessages {
		catalog[k] = v
	}
}
