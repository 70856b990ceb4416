"""A clerk who only does the steps the load test's test checks (run by Locust there).

Locust runs the user class named on its command line, `SavingClerk`: it logs in like
every clerk, then saves members, opens them and exports the list.
"""

from benchmarks.locustfile import Clerk


class SavingClerk(Clerk):
    pass


# Set after the class is made: Locust adds a subclass's `tasks` to those it inherits.
SavingClerk.tasks = [Clerk.save_member] * 3 + [Clerk.open_member, Clerk.export_members]
