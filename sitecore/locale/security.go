package locale

// securityMessages are the messages of the security review's changes (issue 24); they join
// the catalog at start-up.
var securityMessages = Catalog{
	"admission.duplicate_other": {
		Kazakh:  "Бұл балаға осы науқанда басқа тіркелгіден өтініш берілген. Мектепке хабарланды; егер оны сіздің отбасыңыз бермесе, баланың туу туралы куәлігімен мектепке хабарласыңыз.",
		Russian: "На этого ребёнка в этой кампании уже подано заявление с другой учётной записи. Школа об этом извещена; если его подавала не ваша семья, обратитесь в школу со свидетельством о рождении ребёнка.",
		English: "An application for this child in this campaign was submitted from another account. The school has been told; if your family did not submit it, contact the school with the child's birth certificate.",
	},
	"rate.limited": {
		Kazakh:  "Сұраулар тым көп. {seconds} секундтан кейін қайталаңыз.",
		Russian: "Слишком много запросов. Повторите через {seconds} с.",
		English: "Too many requests. Try again in {seconds} seconds.",
	},
}
