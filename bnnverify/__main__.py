from bnnverify.cli import main

raise SystemExit(main())
