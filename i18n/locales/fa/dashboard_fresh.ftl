# The dashboard's figures may be up to a minute old: the page says when they were computed (Iran's clock).
dash-fresh-updated = به‌روز شده در ساعت { $time }
