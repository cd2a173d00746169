package locale

// admissionRuleMessages are the messages of the admission rules: age per grade.
var admissionRuleMessages = Catalog{
	"admission.age_range": {
		Kazakh:  "«{field}»: {grade}-сыныпқа {date} күні {min}–{max} жастағы балалар қабылданады; бала сол күні {value} жаста болады.",
		Russian: "«{field}»: в {grade} класс принимаются дети в возрасте от {min} до {max} лет на {date}; ребёнку в этот день будет {value}.",
		English: "“{field}”: grade {grade} admits children aged {min} to {max} on {date}; the child will be {value} on that day.",
	},
	"admission.age_rule": {
		Kazakh:  "«{field}»: жас шегі 3-тен 25-ке дейін болуы керек, ең кіші жас ең үлкенінен аспауы керек.",
		Russian: "«{field}»: возрастные границы должны быть от 3 до 25 лет, и нижняя не больше верхней.",
		English: "“{field}”: the age range must be within 3 to 25 years, its minimum not above its maximum.",
	},
}
