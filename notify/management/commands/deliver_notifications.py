"""python manage.py deliver_notifications [--loop [--every 30]]: see notify/delivery.py and README."""

import signal

from django.core.management.base import BaseCommand

from notify.delivery import deliver, run_forever


class Command(BaseCommand):
    help = "Send the group robots' messages that are due (one pass; --loop: keep running)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, one pass every --every seconds.")
        parser.add_argument("--every", type=int, default=30, help="Seconds between two passes with --loop.")

    def handle(self, *args, loop=False, every=30, verbosity=1, **options):
        if not loop:
            result = deliver()
            if verbosity:
                self.stdout.write(
                    f"enqueued {result.enqueued}, sent {result.sent}, failed {result.failed}, "
                    f"robots at their rate limit {len(result.deferred)}"
                )
            return
        stopping = []
        # systemd stops the worker with SIGTERM: finish the pass, then leave.
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        try:
            run_forever(every=max(every, 1), stop=lambda: bool(stopping))
        except KeyboardInterrupt:
            pass
