# Freeco — projects module (crates/projects), English

## Navigation
nav-projects = Projects
nav-skills = Skills

## Projects
projects-title = Projects
projects-empty = No project here yet.
project-new-title = Propose a project
project-edit-title = Change the project
project-propose = Propose a project
project-propose-submit = Propose it
project-whole-instance = The whole instance
project-filter-state = State
project-filter-all = All
project-filter-mine = Only mine
project-filter-apply = Show
project-members-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
project-still-needed = { $count ->
    [one] one more person needed
   *[other] { $count } more people needed
}
project-headcount-wanted = { $count } wanted
project-progress = { $percent } done
project-my-tasks = My tasks
project-my-tasks-none = No task waits for you.
project-tabs = The project's pages
project-tab-overview = Overview
project-tab-forum = Forum
project-tab-agenda = Agenda
project-tab-tasks = Tasks
project-tab-list = Mailing list
project-about = About
project-proposed-by = Proposed by
project-progress-label = Progress
project-no-tasks = No task yet.
project-resources-needed = Needed resources
project-resources-hint = Money (with its amount), materials, places. Leave empty what you do not need.
project-skills-wanted = Skills wanted
project-skill-missing = nobody in the project yet
project-team = Who is in
project-join = Join the project
project-leave = Leave the project
project-join-to-take-part = Join the project to take part.
project-lifecycle = Where it stands
project-state-since = In this state since { $date }.
project-validated-by-coordinators = A coordinator of the collective validates it.
project-validated-by-admins = An administrator of the instance validates it.
project-validated-by-decision = The collective validates it by a decision: any of its members can put it to the vote.
project-validation-asked = Put to the collective:
project-amend-and-ask = Amend the project and ask again.
project-ask-validation = Put it to the vote
project-validate = Validate the project
project-validation-question = Validate the project "{ $project }"?
project-edit = Change the project
project-rules-title = How projects are validated here
project-rule-coordinators = By a coordinator
project-rule-decision = By a collective decision
project-rule-now-coordinators = Now: a coordinator validates the projects proposed here.
project-rule-now-decision = Now: projects proposed here are validated by a collective decision.
collective-projects-link = Its projects
collective-projects-title = Projects of { $collective }
project-state-proposed = Proposed
project-state-validated = Validated
project-state-active = Active
project-state-completed = Completed
project-state-abandoned = Abandoned
project-to-active = Start the project
project-to-completed = Mark as completed
project-to-abandoned = Abandon the project
resource-money = Money
resource-material = Material
resource-place = Place
field-title = Title
field-summary = In one line
field-objectives = Objectives
field-place = Place
field-starts_on = Starts on
field-ends_on = Ends on
field-headcount = People wanted in all (0: no target)
field-resource-kind = Kind
field-resource-label = What
field-resource-amount = Amount (EUR, for money)
field-validation = Validation
field-subject = Subject
field-status = Status
field-due_on = Due on
field-assignees = Assigned to
field-starts_at = Starts
field-ends_at = Ends
field-repeat = Repeats
field-interval = Every (1: each time)
field-count = Number of times
field-until = Until (date)
field-rrule = Or a recurrence rule (RFC 5545)
decision-option-for = For
decision-option-against = Against
effect-project-validate = the project "{ $project }" is validated.
error-project-ends-before = The end comes before the start.
error-project-headcount = The headcount is a number from 0 to 10,000.
error-project-resources = A project lists at most 30 resources, each with what it is.
error-project-resource-amount = Money needs an amount above zero.
error-project-in-project = A project is proposed in a collective, not in another project.
project-members-only = Only the project's members can do this: join it first.
project-coordinators-only = Only the project's coordinators can do this.
project-closed = This project is over: it takes no new members.
project-state-not-allowed = The project cannot go to that state from where it is.
project-needs-decision = In this collective, projects are validated by a collective decision.
project-validators-only = Only a coordinator of the collective (an administrator, for a project of the whole instance) validates projects.
project-not-proposed = This project is no longer waiting to be validated.
project-instance-wide = A project of the whole instance is validated by an administrator.
project-validation-by-decision-only = In this collective, projects are validated by a coordinator, not by a vote.
project-validation-pending = A vote on this project is already under way.

## Forum
forum-empty = No discussion yet.
forum-thread = Discussion
forum-started-by = Started by
forum-posts = Messages
forum-last-post = Last message
forum-locked = locked
forum-locked-text = This discussion is locked: it takes no more replies.
forum-new-thread = Start a discussion
forum-post = Post
forum-reply = Your reply
forum-hint = Markdown: **bold**, *italics*, lists, links. Write @ and a member's name to let them know.
forum-edit = Edit
forum-edit-post = Edit your message
forum-edited = edited { $date }
forum-hidden = This message was hidden by a coordinator.
forum-hide = Hide
forum-show = Show again
forum-lock = Lock the discussion
forum-unlock = Open the discussion again
forum-author-only = Only its author edits a message.
forum-not-editable = This message can no longer be edited (hidden, or its discussion locked).
forum-unread = { $count ->
    [one] one new message
   *[other] { $count } new messages
}
forum-new-since = New since your last visit
project-tab-forum-unread = { $count ->
    [one] one discussion with new messages
   *[other] { $count } discussions with new messages
}

## Agenda
agenda-coming = Coming up
agenda-empty = Nothing planned in the next three months.
agenda-repeats = repeats
agenda-answers = { $yes } coming, { $maybe } maybe, { $no } not coming
agenda-edit = Change
agenda-subscribe = In your calendar
agenda-subscribe-help = Your calendar app (phone, Thunderbird, Nextcloud, Google…) can subscribe to this agenda with a secret address, yours alone. Asking for a new one ends the old.
agenda-feed-new = Get my calendar address
agenda-feed-created = Your secret address (shown once):
agenda-new-event = Plan an event
agenda-edit-event = Change the event
agenda-plan = Plan it
agenda-repeat = Repetition
agenda-cancel-event = Cancel the event
attend-yes = I'm coming
attend-maybe = Maybe
attend-no = Not coming
repeat-none = Does not repeat
repeat-daily = Every day
repeat-weekly = Every week, on this day
repeat-monthly_day = Every month, on this date
repeat-monthly_weekday = Every month, on this weekday (e.g. the 2nd Tuesday)
repeat-yearly = Every year
error-event-ends-before = The end must come after the start.
error-event-too-long = An event lasts at most two weeks.
error-rrule = This recurrence rule cannot be read (e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=10).
error-rrule-unsupported = This recurrence rule uses a part Freeco does not repeat (BYSETPOS, hours…): use FREQ, INTERVAL, COUNT or UNTIL, BYDAY, BYMONTHDAY, BYMONTH.
error-event-occurrence = This event has no occurrence at that time.
error-agenda-window = Ask for at most a year, the end after the start.
event-cancelled = This event is cancelled.
event-planner-only = Only whoever planned it, or a coordinator, changes an event.

## Tasks
tasks-all = All tasks
tasks-mine = My tasks
task-status-todo = To do
task-status-doing = Doing
task-status-done = Done
task-move-todo = Back to do
task-move-doing = Start
task-move-done = Done
task-due = due { $date }
task-new = Add a task
task-add = Add
task-edit = Change
error-task-assignee = Only the project's members can be assigned.
task-delete-not-allowed = Only whoever created it, or a coordinator, deletes a task.

## Mailing list
list-my-subscription = The list reaches me
list-mode-each = Each message by e-mail
list-mode-digest = In my daily e-mail
list-mode-off = Not by e-mail
list-write = Write to the list
list-send = Send to every member
list-sent = { $count ->
    [one] Sent to one member.
   *[other] Sent to { $count } members.
}
list-archive = Messages sent
list-empty = No message yet.
list-recipients = { $count ->
    [one] to one member
   *[other] to { $count } members
}
list-unsubscribe-title = The mailing list of { $project }
list-unsubscribe-confirm = Stop receiving this project's mailing list by e-mail? The messages stay on the project's page.
list-unsubscribe = Unsubscribe
list-unsubscribed = Done: this list no longer reaches you by e-mail. You can subscribe again on the project's page.

## Skills
skills-title = Skill commissions
skills-help = Each skill's commission gathers the members who offer it, and the projects that look for it.
skills-declare = Declare my skills
skills-skill = Skill
skills-members = Members
skills-projects = Projects looking for it
commission-title = Commission: { $skill }
commission-members = Members
commission-no-members = Nobody offers this skill yet.
commission-projects = Projects looking for it
commission-no-projects = No project is looking for it now.

## Notifications
notification-project_proposed = { $who } proposes the project "{ $project }".
notification-project_joined = { $who } joined "{ $project }".
notification-project_state = "{ $project }" is now: { $state }.
notification-skill_needed = The project "{ $project }" looks for { $skill }.
notification-mention = { $who } mentions you in "{ $thread }" ({ $project }).
notification-forum_reply = { $who } replied in "{ $thread }" ({ $project }).
notification-event_planned = "{ $event }" on { $when } ({ $project }).
# $at is ", the place" when the event has one, else nothing.
notification-event_changed = "{ $event }" has changed ({ $project }): now { $when }{ $at }.
notification-task_assigned = { $who } gives you the task "{ $task }" ({ $project }).
notification-list_message = [{ $project }] { $subject }
notification-kind-project_proposed = A project to validate is proposed
notification-kind-project_joined = Someone joins a project I coordinate
notification-kind-project_state = A project of mine changes state
notification-kind-skill_needed = A project looks for one of my skills
notification-kind-mention = Someone mentions me
notification-kind-forum_reply = A reply in a discussion I took part in
notification-kind-event_planned = An event is planned in a project of mine
notification-kind-event_changed = An event I said I would come to changes its time or place
notification-kind-task_assigned = A task is given to me
notification-kind-list_message = A message of a project's mailing list

## What a form did, said once on the next page
flash-answer-saved = Your answer is saved.
flash-event-cancelled = The event is cancelled.
flash-event-created = The event is in the agenda, on { $date }.
flash-post-hidden = The message is hidden.
flash-post-shown = The message is shown again.
flash-posted = Your message is posted.
flash-project-created = Your project is proposed.
flash-project-validated = The project is validated.
flash-task-created = The task is created.
flash-task-deleted = The task is deleted.
flash-task-moved = The task is moved.
flash-thread-created = The discussion is started.
flash-thread-locked = The discussion is locked.
flash-thread-unlocked = The discussion is open again.
agenda-window = From { $from } to { $to }
agenda-empty-window = Nothing planned in these three months.
agenda-pages = Other months
agenda-earlier = ← Three months earlier
agenda-later = Three months later →
agenda-today = Back to today
agenda-rule-advanced = Another repetition? Write its rule
project-add-resource = Add a resource
project-skills-wanted-count = { $count ->
    [0] Skills wanted (none chosen)
    [one] Skills wanted ({ $count } chosen)
   *[other] Skills wanted ({ $count } chosen)
}
