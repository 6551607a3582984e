# Freeco — module des projets (crates/projects), français

## Navigation
nav-projects = Projets
nav-skills = Compétences

## Projets
projects-title = Projets
projects-empty = Pas encore de projet ici.
project-new-title = Proposer un projet
project-edit-title = Modifier le projet
project-propose = Proposer un projet
project-propose-submit = Le proposer
project-whole-instance = Toute l'instance
project-filter-state = État
project-filter-all = Tous
project-filter-mine = Les miens seulement
project-filter-apply = Afficher
project-members-count = { $count ->
    [one] { $count } membre
   *[other] { $count } membres
}
project-still-needed = { $count ->
    [one] il manque une personne
   *[other] il manque { $count } personnes
}
project-headcount-wanted = { $count ->
    [one] { $count } souhaité
   *[other] { $count } souhaités
}
project-progress = { $percent } fait
project-my-tasks = Mes tâches
project-my-tasks-none = Aucune tâche ne vous attend.
project-tabs = Les pages du projet
project-tab-overview = Présentation
project-tab-forum = Forum
project-tab-agenda = Agenda
project-tab-tasks = Tâches
project-tab-list = Liste de diffusion
project-about = Le projet
project-proposed-by = Proposé par
project-progress-label = Avancement
project-no-tasks = Pas encore de tâche.
project-resources-needed = Ressources nécessaires
project-resources-hint = De l'argent (avec son montant), du matériel, des lieux. Laissez vide ce qui ne sert pas.
project-skills-wanted = Compétences recherchées
project-skill-missing = personne dans le projet pour l'instant
project-team = Qui en est
project-join = Rejoindre le projet
project-leave = Quitter le projet
project-join-to-take-part = Rejoignez le projet pour participer.
project-lifecycle = Où il en est
project-state-since = Dans cet état depuis le { $date }.
project-validated-by-coordinators = Un coordinateur du collectif le valide.
project-validated-by-admins = Un administrateur de l'instance le valide.
project-validated-by-decision = Le collectif le valide par une décision : chacun de ses membres peut le soumettre au vote.
project-validation-asked = Soumis au collectif :
project-amend-and-ask = Amendez le projet et soumettez-le à nouveau.
project-ask-validation = Le soumettre au vote
project-validate = Valider le projet
project-validation-question = Valider le projet « { $project } » ?
project-edit = Modifier le projet
project-rules-title = Comment les projets sont validés ici
project-rule-coordinators = Par un coordinateur
project-rule-decision = Par une décision du collectif
project-rule-now-coordinators = Actuellement : un coordinateur valide les projets proposés ici.
project-rule-now-decision = Actuellement : les projets proposés ici sont validés par une décision du collectif.
collective-projects-link = Ses projets
collective-projects-title = Projets de { $collective }
project-state-proposed = Proposé
project-state-validated = Validé
project-state-active = En cours
project-state-completed = Terminé
project-state-abandoned = Abandonné
project-to-active = Lancer le projet
project-to-completed = Marquer comme terminé
project-to-abandoned = Abandonner le projet
resource-money = Argent
resource-material = Matériel
resource-place = Lieu
field-title = Titre
field-summary = En une ligne
field-objectives = Objectifs
field-place = Lieu
field-starts_on = Commence le
field-ends_on = Se termine le
field-headcount = Personnes souhaitées en tout (0 : pas d'objectif)
field-resource-kind = Nature
field-resource-label = Quoi
field-resource-amount = Montant (EUR, pour l'argent)
field-validation = Validation
field-subject = Objet
field-status = État
field-due_on = Échéance
field-assignees = Confiée à
field-starts_at = Début
field-ends_at = Fin
field-repeat = Répétition
field-interval = Tous les (1 : à chaque fois)
field-count = Nombre de fois
field-until = Jusqu'au (date)
field-rrule = Ou une règle de récurrence (RFC 5545)
decision-option-for = Pour
decision-option-against = Contre
effect-project-validate = le projet « { $project } » est validé.
error-project-ends-before = La fin vient avant le début.
error-project-headcount = L'effectif est un nombre de 0 à 10 000.
error-project-resources = Un projet liste au plus 30 ressources, chacune avec ce qu'elle est.
error-project-resource-amount = L'argent demande un montant supérieur à zéro.
error-project-in-project = Un projet se propose dans un collectif, pas dans un autre projet.
project-members-only = Seuls les membres du projet peuvent le faire : rejoignez-le d'abord.
project-coordinators-only = Seuls les coordinateurs du projet peuvent le faire.
project-closed = Ce projet est terminé : il n'accueille plus de nouveaux membres.
project-state-not-allowed = Le projet ne peut pas passer à cet état depuis celui où il est.
project-needs-decision = Dans ce collectif, les projets sont validés par une décision collective.
project-validators-only = Seul un coordinateur du collectif (un administrateur, pour un projet de toute l'instance) valide les projets.
project-not-proposed = Ce projet n'attend plus d'être validé.
project-instance-wide = Un projet de toute l'instance est validé par un administrateur.
project-validation-by-decision-only = Dans ce collectif, les projets sont validés par un coordinateur, pas par un vote.
project-validation-pending = Un vote sur ce projet est déjà en cours.

## Forum
forum-empty = Pas encore de discussion.
forum-thread = Discussion
forum-started-by = Lancée par
forum-posts = Messages
forum-last-post = Dernier message
forum-locked = fermée
forum-locked-text = Cette discussion est fermée : elle ne prend plus de réponses.
forum-new-thread = Lancer une discussion
forum-post = Publier
forum-reply = Votre réponse
forum-hint = Markdown : **gras**, *italique*, listes, liens. Écrivez @ et le nom d'un membre pour le prévenir.
forum-edit = Modifier
forum-edit-post = Modifier votre message
forum-edited = modifié le { $date }
forum-hidden = Ce message a été masqué par un coordinateur.
forum-hide = Masquer
forum-show = Montrer à nouveau
forum-lock = Fermer la discussion
forum-unlock = Rouvrir la discussion
forum-author-only = Seul son auteur modifie un message.
forum-not-editable = Ce message ne peut plus être modifié (masqué, ou sa discussion fermée).
forum-unread = { $count ->
    [0] aucun nouveau message
    [one] un nouveau message
   *[other] { $count } nouveaux messages
}
forum-new-since = Nouveau depuis votre dernière visite
project-tab-forum-unread = { $count ->
    [0] aucune discussion avec de nouveaux messages
    [one] une discussion avec de nouveaux messages
   *[other] { $count } discussions avec de nouveaux messages
}

## Agenda
agenda-coming = À venir
agenda-empty = Rien de prévu dans les trois prochains mois.
agenda-repeats = se répète
agenda-answers = { $yes ->
    [one] { $yes } vient
   *[other] { $yes } viennent
}, { $maybe } peut-être, { $no ->
    [one] { $no } ne vient pas
   *[other] { $no } ne viennent pas
}
agenda-edit = Modifier
agenda-subscribe = Dans votre agenda
agenda-subscribe-help = Votre application d'agenda (téléphone, Thunderbird, Nextcloud, Google…) peut s'abonner à cet agenda par une adresse secrète, à vous seul. En demander une nouvelle met fin à l'ancienne.
agenda-feed-new = Obtenir mon adresse d'agenda
agenda-feed-created = Votre adresse secrète (affichée une seule fois) :
agenda-new-event = Prévoir un événement
agenda-edit-event = Modifier l'événement
agenda-plan = Le prévoir
agenda-repeat = Répétition
agenda-cancel-event = Annuler l'événement
attend-yes = Je viens
attend-maybe = Peut-être
attend-no = Je ne viens pas
repeat-none = Ne se répète pas
repeat-daily = Chaque jour
repeat-weekly = Chaque semaine, ce jour-là
repeat-monthly_day = Chaque mois, à cette date
repeat-monthly_weekday = Chaque mois, ce jour de la semaine (par ex. le 2e mardi)
repeat-yearly = Chaque année
error-event-ends-before = La fin doit venir après le début.
error-event-too-long = Un événement dure au plus deux semaines.
error-rrule = Cette règle de récurrence est illisible (par ex. FREQ=WEEKLY;BYDAY=TU;COUNT=10).
error-rrule-unsupported = Cette règle de récurrence utilise une partie que Freeco ne répète pas (BYSETPOS, heures…) : utilisez FREQ, INTERVAL, COUNT ou UNTIL, BYDAY, BYMONTHDAY, BYMONTH.
error-event-occurrence = Cet événement n'a pas d'occurrence à ce moment-là.
error-agenda-window = Demandez au plus une année, la fin après le début.
event-cancelled = Cet événement est annulé.
event-planner-only = Seul qui l'a prévu, ou un coordinateur, modifie un événement.

## Tâches
tasks-all = Toutes les tâches
tasks-mine = Mes tâches
task-status-todo = À faire
task-status-doing = En cours
task-status-done = Fait
task-move-todo = Remettre à faire
task-move-doing = Commencer
task-move-done = Terminer
task-due = pour le { $date }
task-new = Ajouter une tâche
task-add = Ajouter
task-edit = Modifier
error-task-assignee = Seuls les membres du projet peuvent recevoir une tâche.
task-delete-not-allowed = Seul qui l'a créée, ou un coordinateur, supprime une tâche.

## Liste de diffusion
list-my-subscription = La liste m'arrive
list-mode-each = Chaque message par courriel
list-mode-digest = Dans mon courriel quotidien
list-mode-off = Pas par courriel
list-write = Écrire à la liste
list-send = Envoyer à chaque membre
list-sent = { $count ->
    [one] Envoyé à un membre.
   *[other] Envoyé à { $count } membres.
}
list-archive = Messages envoyés
list-empty = Pas encore de message.
list-recipients = { $count ->
    [one] à un membre
   *[other] à { $count } membres
}
list-unsubscribe-title = La liste de diffusion de { $project }
list-unsubscribe-confirm = Ne plus recevoir par courriel la liste de ce projet ? Les messages restent sur la page du projet.
list-unsubscribe = Se désabonner
list-unsubscribed = C'est fait : cette liste ne vous arrive plus par courriel. Vous pouvez vous réabonner depuis la page du projet.

## Compétences
skills-title = Commissions de compétences
skills-help = La commission de chaque compétence réunit les membres qui la proposent, et les projets qui la cherchent.
skills-declare = Déclarer mes compétences
skills-skill = Compétence
skills-members = Membres
skills-projects = Projets qui la cherchent
commission-title = Commission : { $skill }
commission-members = Membres
commission-no-members = Personne ne propose encore cette compétence.
commission-projects = Projets qui la cherchent
commission-no-projects = Aucun projet ne la cherche en ce moment.

## Notifications
notification-project_proposed = { $who } propose le projet « { $project } ».
notification-project_joined = { $who } a rejoint « { $project } ».
notification-project_state = « { $project } » est maintenant : { $state }.
notification-skill_needed = Le projet « { $project } » cherche : { $skill }.
notification-mention = { $who } vous mentionne dans « { $thread } » ({ $project }).
notification-forum_reply = { $who } a répondu dans « { $thread } » ({ $project }).
notification-event_planned = « { $event } » le { $when } ({ $project }).
# $at vaut « , le lieu » quand l'événement en a un, sinon rien.
notification-event_changed = « { $event } » a changé ({ $project }) : désormais le { $when }{ $at }.
notification-task_assigned = { $who } vous confie la tâche « { $task } » ({ $project }).
notification-list_message = [{ $project }] { $subject }
notification-kind-project_proposed = Un projet à valider est proposé
notification-kind-project_joined = Quelqu'un rejoint un projet que je coordonne
notification-kind-project_state = Un de mes projets change d'état
notification-kind-skill_needed = Un projet cherche une de mes compétences
notification-kind-mention = Quelqu'un me mentionne
notification-kind-forum_reply = Une réponse dans une discussion où j'ai écrit
notification-kind-event_planned = Un événement est prévu dans un de mes projets
notification-kind-event_changed = Un événement où j'ai dit venir change d'heure ou de lieu
notification-kind-task_assigned = Une tâche m'est confiée
notification-kind-list_message = Un message de la liste de diffusion d'un projet

## Ce qu'un formulaire a fait, dit une fois sur la page suivante
flash-answer-saved = Votre réponse est enregistrée.
flash-event-cancelled = L'événement est annulé.
flash-event-created = L'événement est dans l'agenda, le { $date }.
flash-post-hidden = Le message est masqué.
flash-post-shown = Le message est de nouveau visible.
flash-posted = Votre message est publié.
flash-project-created = Votre projet est proposé.
flash-project-validated = Le projet est validé.
flash-task-created = La tâche est créée.
flash-task-deleted = La tâche est supprimée.
flash-task-moved = La tâche est déplacée.
flash-thread-created = La discussion est lancée.
flash-thread-locked = La discussion est verrouillée.
flash-thread-unlocked = La discussion est rouverte.
agenda-window = Du { $from } au { $to }
agenda-empty-window = Rien de prévu pendant ces trois mois.
agenda-pages = Autres mois
agenda-earlier = ← Trois mois plus tôt
agenda-later = Trois mois plus tard →
agenda-today = Revenir à aujourd'hui
agenda-rule-advanced = Une autre répétition ? Écrivez sa règle
project-add-resource = Ajouter une ressource
project-skills-wanted-count = { $count ->
    [0] Compétences recherchées (aucune choisie)
    [one] Compétences recherchées ({ $count } choisie)
   *[other] Compétences recherchées ({ $count } choisies)
}
