from rathaus.identity.devidp.server import main

raise SystemExit(main())
