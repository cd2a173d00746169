package locale

// vacancyMessages are the messages of schools' vacancies (sitecore/vacancy).
var vacancyMessages = Catalog{
	"vacancy.hours": {
		Kazakh:  "«{field}»: аптасына 0-ден {max} сағатқа дейін.",
		Russian: "«{field}»: от 0 до {max} часов в неделю.",
		English: "“{field}”: from 0 to {max} hours a week.",
	},
	"vacancy.salary": {
		Kazakh:  "«{field}»: жалақы теңгемен, 0 немесе оң сан.",
		Russian: "«{field}»: зарплата в тенге, 0 или положительное число.",
		English: "“{field}”: the salary in tenge, 0 or a positive number.",
	},
	"vacancy.salary_range": {
		Kazakh:  "«{field}»: ең жоғары жалақы ең төменгісінен кем болмауы керек.",
		Russian: "«{field}»: максимальная зарплата не может быть меньше минимальной.",
		English: "“{field}”: the highest salary cannot be below the lowest.",
	},
	"vacancy.deadline_past": {
		Kazakh:  "«{field}»: өтінім қабылдаудың соңғы күні өтіп кеткен.",
		Russian: "«{field}»: срок приёма заявок уже прошёл.",
		English: "“{field}”: the last day for applications has passed.",
	},
	"field.date": {
		Kazakh:  "«{field}» күні ЖЖЖЖ-АА-КК түрінде болуы керек.",
		Russian: "Дата в поле «{field}» должна быть в виде ГГГГ-ММ-ДД.",
		English: "The date in “{field}” must be written YYYY-MM-DD.",
	},
	"not_found.vacancy": {
		Kazakh:  "Бос орын табылмады.",
		Russian: "Вакансия не найдена.",
		English: "Vacancy not found.",
	},
}

// vacancyUI are the strings of a school's public vacancies page.
var vacancyUI = Strings{
	Kazakh: {"vacancies": "Бос орындар", "no_vacancies": "Қазір бос орын жоқ.", "vacancy_subject": "Пән",
		"vacancy_hours": "Аптасына сағат", "vacancy_salary": "Жалақы, ₸", "vacancy_deadline": "Өтінім қабылдау мерзімі",
		"vacancy_requirements": "Талаптар", "vacancy_contacts": "Байланыс"},
	Russian: {"vacancies": "Вакансии", "no_vacancies": "Сейчас вакансий нет.", "vacancy_subject": "Предмет",
		"vacancy_hours": "Часов в неделю", "vacancy_salary": "Зарплата, ₸", "vacancy_deadline": "Приём заявок до",
		"vacancy_requirements": "Требования", "vacancy_contacts": "Контакты"},
	English: {"vacancies": "Vacancies", "no_vacancies": "No open vacancies now.", "vacancy_subject": "Subject",
		"vacancy_hours": "Hours a week", "vacancy_salary": "Salary, ₸", "vacancy_deadline": "Applications until",
		"vacancy_requirements": "Requirements", "vacancy_contacts": "Contacts"},
}
